//! `$RANDOM` as busybox ash makes it (shell/random.c `next_random`: an LCG, a Galois LFSR
//! and xorshift-64 combined, masked to bash's 15 bits). ash seeds it from its PID and the
//! monotonic clock (`INIT_RANDOM_T(rnd, getpid(), monotonic_us())`); podscope has no clock
//! to read, so the second seed is fixed and the sequence depends on the PID alone.

/// The generator's state (random.h `random_t`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Random {
    galois_lfsr: i32,
    lcg: u32,
    xs64_x: u32,
    xs64_y: u32,
}

/// podscope's stand-in for `monotonic_us()` at the first `$RANDOM`.
const SEED_TIME: u32 = 1_000_000;

impl Random {
    /// The next value, 0–32767; seeds itself from `pid` on first use.
    pub fn next(&mut self, pid: i32) -> u32 {
        if self.galois_lfsr == 0 {
            let nonzero = if pid == 0 { 1 } else { pid };
            self.galois_lfsr = nonzero;
            self.xs64_x = nonzero as u32;
            self.lcg = SEED_TIME;
            self.xs64_y = SEED_TIME;
        }
        self.lcg = self.lcg.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let mut t = (self.galois_lfsr as u32) << 1;
        if self.galois_lfsr < 0 {
            t ^= 0x8000_000b;
        }
        self.galois_lfsr = t as i32;
        loop {
            let t = self.xs64_x ^ (self.xs64_x << 2);
            self.xs64_x = self.xs64_y;
            self.xs64_y = self.xs64_y ^ (self.xs64_y >> 3) ^ t ^ (t >> 7);
            if !(self.xs64_y == 0 && self.xs64_x <= 2) {
                break;
            }
        }
        (self.galois_lfsr as u32)
            .wrapping_sub(self.lcg)
            .wrapping_add(self.xs64_y)
            & 0x7fff
    }
}
