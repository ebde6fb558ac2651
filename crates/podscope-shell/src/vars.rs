//! The shell's variable table: shared copy-on-write (a shell started from a prepared
//! environment copies nothing until it assigns), with the exported environment a program
//! gets built at most once per change.

use podscope_collections::Map;
use std::sync::{Arc, OnceLock};

use super::expand::Var;
use super::host::Env;

/// A shell's variables. Cloning one (a subshell's saved state, a fork, a prepared
/// environment) shares the table until either side writes.
#[derive(Clone, Debug, Default)]
pub struct VarTable {
    map: Arc<Map<String, Var>>,
    /// The exported variables as a program's environment; reset by every write.
    exported: OnceLock<Arc<Env>>,
    /// `$RANDOM`'s generator.
    pub(crate) random: super::random::Random,
}

impl VarTable {
    /// Every variable of `env` exported, as a shell started with that environment has them.
    pub fn from_env(env: Env) -> Self {
        let map = env
            .into_iter()
            .map(|(k, value)| {
                (
                    k,
                    Var {
                        value,
                        exported: true,
                    },
                )
            })
            .collect();
        VarTable {
            map: Arc::new(map),
            exported: OnceLock::new(),
            random: Default::default(),
        }
    }

    /// The table for a process environment in the runtime's order (a later duplicate wins,
    /// as in a map built from it), with its exported environment already built.
    pub fn from_environ(environ: &[(String, String)]) -> Self {
        // Inserted one by one: `collect` into a `BTreeMap` sorts first, with a copy of std's
        // sort per iterator type in the wasm (podscope-core model/sort.rs).
        let mut env = Env::new();
        for (k, v) in environ {
            env.insert(k.clone(), v.clone());
        }
        let t = VarTable::from_env(env.clone());
        let _ = t.exported.set(Arc::new(env));
        t
    }

    pub fn get(&self, name: &str) -> Option<&Var> {
        self.map.get(name)
    }

    pub fn insert(&mut self, name: String, var: Var) {
        Arc::make_mut(&mut self.map).insert(name, var);
        self.exported = OnceLock::new();
    }

    pub fn remove(&mut self, name: &str) {
        if self.map.contains_key(name) {
            Arc::make_mut(&mut self.map).remove(name);
            self.exported = OnceLock::new();
        }
    }

    /// Every variable, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Var)> {
        self.map.iter()
    }

    /// The exported variables as a program's environment.
    pub fn exported(&self) -> Arc<Env> {
        self.exported
            .get_or_init(|| {
                let mut env = Env::new();
                for (k, v) in self.map.iter().filter(|(_, v)| v.exported) {
                    env.insert(k.clone(), v.value.clone());
                }
                Arc::new(env)
            })
            .clone()
    }
}
