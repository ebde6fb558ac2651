//! The few operations on unsigned big integers the exact path needs, on 32-bit limbs
//! (least significant first).

#[derive(Clone)]
pub struct Big(Vec<u32>);

impl Big {
    pub fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    /// The number a string of decimal digits (each 0–9) writes.
    pub fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let v = chunk.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
            b.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self × m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self × base^k`, `chunk` factors at a time (`base^chunk` fits in a limb).
    fn mul_pow(&mut self, base: u32, chunk: u64, mut k: u64) {
        while k >= chunk {
            self.mul_add(base.pow(chunk as u32), 0);
            k -= chunk;
        }
        self.mul_add(base.pow(k as u32), 0);
        self.trim();
    }

    /// `self × 10^k`.
    pub fn mul_pow10(&mut self, k: u64) {
        self.mul_pow(10, 9, k);
    }

    /// `self × 5^k`.
    pub fn mul_pow5(&mut self, k: u64) {
        self.mul_pow(5, 13, k);
    }

    /// The decimal digits (each 0–9), most significant first; none for zero.
    pub fn digits(&self) -> Vec<u8> {
        let mut n = self.0.clone();
        let mut chunks = Vec::new();
        while !n.is_empty() {
            // n / 10^9, most significant limb first; the remainder is the next nine digits.
            let mut rem = 0u64;
            for limb in n.iter_mut().rev() {
                let v = rem << 32 | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            while n.last() == Some(&0) {
                n.pop();
            }
            chunks.push(rem as u32);
        }
        let mut out = Vec::with_capacity(chunks.len() * 9);
        for (i, chunk) in chunks.iter().rev().enumerate() {
            let digits = (0..9).rev().map(|p| (chunk / 10u32.pow(p) % 10) as u8);
            if i == 0 {
                out.extend(digits.skip_while(|&d| d == 0));
            } else {
                out.extend(digits);
            }
        }
        out
    }

    /// `self × 2^k`.
    pub fn shl(&mut self, k: u64) {
        if self.is_zero() {
            return;
        }
        let (limbs, bits) = ((k / 32) as usize, (k % 32) as u32);
        if bits != 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of significant bits.
    pub fn bits(&self) -> u64 {
        match self.0.last() {
            Some(top) => 32 * self.0.len() as u64 - u64::from(top.leading_zeros()),
            None => 0,
        }
    }

    pub fn bit(&self, i: u64) -> bool {
        self.0
            .get((i / 32) as usize)
            .is_some_and(|limb| limb >> (i % 32) & 1 == 1)
    }

    /// Whether any bit below bit `i` is set.
    pub fn any_below(&self, i: u64) -> bool {
        let (limbs, bits) = ((i / 32) as usize, i % 32);
        self.0.iter().take(limbs).any(|&l| l != 0)
            || self
                .0
                .get(limbs)
                .is_some_and(|&l| bits != 0 && l & ((1u32 << bits) - 1) != 0)
    }

    /// `self >> k`, which fits in 64 bits.
    pub fn shr_u64(&self, k: u64) -> u64 {
        (0..64)
            .filter(|&i| self.bit(k + i))
            .fold(0u64, |a, i| a | 1 << i)
    }

    /// The low 64 bits.
    pub fn low_u64(&self) -> u64 {
        self.shr_u64(0)
    }

    /// Subtracts `other` if it is not greater; whether it did.
    pub fn sub_if_ge(&mut self, other: &Big) -> bool {
        if self.cmp(other) == std::cmp::Ordering::Less {
            return false;
        }
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(v < 0);
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        self.trim();
        true
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}
