//! Tests of the shell: parser errors, expansion and the interpreter against a fake host.
