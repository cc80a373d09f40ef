//! The `kenpo` command (being built; see the issue tracker).

fn main() {
    println!("kenpo {}", env!("CARGO_PKG_VERSION"));
}
