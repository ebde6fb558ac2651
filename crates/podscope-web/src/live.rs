//! The running world, shared by every state that follows from the one that built it: a tick or
//! a command changes it in place instead of copying it, and a version number says that it
//! changed.
//!
//! Why not `Rc<World>` and `Rc::make_mut`: Yew's `use_reducer` calls `(*current).clone()
//! .reduce(msg)` while it still holds `current` (yew 0.23 `use_reducer_base`), so the state the
//! reducer gets is never unique, nor is any `Rc` inside it, and `make_mut` would copy the whole
//! world on every tick.

use std::cell::{Cell, Ref, RefCell};
use std::fmt;
use std::rc::Rc;

use podscope_core::World;

struct Shared {
    world: RefCell<World>,
    /// How many times the world was changed.
    changes: Cell<u64>,
}

/// A handle on the running world as of one version. Handles of one world compare equal only
/// at the same version, so a memo keyed on a handle recomputes after every change.
#[derive(Clone)]
pub struct LiveWorld {
    shared: Rc<Shared>,
    version: u64,
}

impl LiveWorld {
    pub fn new(world: World) -> Self {
        LiveWorld {
            shared: Rc::new(Shared {
                world: RefCell::new(world),
                changes: Cell::new(0),
            }),
            version: 0,
        }
    }

    /// The world as it is now. An older handle reads the newest world too: states keep no
    /// snapshot of it, only the version they saw.
    pub fn get(&self) -> Ref<'_, World> {
        self.shared.world.borrow()
    }

    /// Whether both handles name the one world, whatever their versions.
    pub fn same_world(&self, other: &LiveWorld) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared)
    }

    /// Changes the world in place; this handle then names the new version. Nothing may hold
    /// a `get` across this call (the reducer never does: it runs between renders).
    pub fn change<R>(&mut self, f: impl FnOnce(&mut World) -> R) -> R {
        let result = f(&mut self.shared.world.borrow_mut());
        let version = self.shared.changes.get() + 1;
        self.shared.changes.set(version);
        self.version = version;
        result
    }
}

impl PartialEq for LiveWorld {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared) && self.version == other.version
    }
}

impl fmt::Debug for LiveWorld {
    /// The world itself, so that two states whose worlds replayed alike print alike.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.shared.world.try_borrow() {
            Ok(world) => world.fmt(f),
            Err(_) => f.write_str("<world being changed>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::time::SimTime;
    use podscope_core::scenario::examples::DEMO;
    use podscope_core::{DEFAULT_SEED, load};

    use super::*;

    #[test]
    fn a_change_is_in_place_and_makes_a_new_version() {
        let first = LiveWorld::new(World::from_loaded(
            &load(DEMO, DEFAULT_SEED),
            DEFAULT_SEED,
            Default::default(),
        ));
        let mut next = first.clone();
        assert_eq!(next, first);
        next.change(|w| w.advance_to(SimTime::from_millis(5_000)));
        assert_ne!(next, first, "a memo keyed on the handle sees the change");
        assert!(next.same_world(&first), "not copied");
        assert_eq!(first.get().now(), SimTime::from_millis(5_000));
        let mut stale = first.clone();
        stale.change(|w| w.advance_to(SimTime::from_millis(6_000)));
        assert_ne!(
            stale, next,
            "versions never repeat, even from an older handle"
        );
        let other = LiveWorld::new(World::from_loaded(
            &load(DEMO, DEFAULT_SEED),
            DEFAULT_SEED,
            Default::default(),
        ));
        assert!(!other.same_world(&first));
        assert_ne!(
            other,
            LiveWorld::new(World::from_loaded(
                &load("", DEFAULT_SEED),
                DEFAULT_SEED,
                Default::default()
            ))
        );
    }
}
