//! The committed Flutter bindings match the bridge's API, without running
//! the code generator: both sides are parsed and compared.
//!
//! - Every public function of `src/api.rs` is a function of
//!   `dart/lib/src/rust/api.dart` with the Dart name, parameters and result
//!   that flutter_rust_bridge gives it, and every public struct is a Dart
//!   class with the same fields in the same order; nothing else is there.
//! - The generated Rust glue (`src/frb_generated.rs`) and the generated
//!   Dart (`frb_generated.dart`) dispatch every function under the same id
//!   and were generated from the same API (the same content hash).
//!
//! When it fails, run `scripts/generate-bindings` and commit what it writes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A parameter as Dart declares it.
#[derive(Debug, PartialEq, Eq)]
struct Param {
    /// The Dart name (camelCase).
    name: String,
    /// The Dart type (`String`, `int?`, `List<SessionDto>`, …).
    ty: String,
    /// Whether it is `required` (every parameter that is not an `Option`).
    required: bool,
}

/// A function as Dart declares it: its result type and named parameters.
#[derive(Debug, PartialEq, Eq)]
struct Function {
    /// `Future<SessionDto>`, `Future<void>`, …
    result: String,
    /// Its parameters in order.
    params: Vec<Param>,
}

/// A class's fields in order: (Dart name, Dart type).
type Fields = Vec<(String, String)>;

/// What one side declares: functions and classes by Dart name.
#[derive(Debug, Default, PartialEq, Eq)]
struct Surface {
    functions: BTreeMap<String, Function>,
    classes: BTreeMap<String, Fields>,
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dart_dir() -> PathBuf {
    crate_dir().join("../../dart/lib/src/rust")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `submit_session_item` → `submitSessionItem`; Dart keywords get a `_`.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    const KEYWORDS: &[&str] = &[
        "default", "class", "final", "new", "is", "in", "switch", "case", "const", "var", "void",
        "enum", "extends", "with", "this", "super", "return", "null", "true", "false",
    ];
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The single type argument of `Option<T>`, `Vec<T>` or `Result<T>`.
fn type_argument(segment: &syn::PathSegment) -> &syn::Type {
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first() {
            Some(syn::GenericArgument::Type(ty)) => ty,
            _ => panic!("{} without a type argument", segment.ident),
        },
        _ => panic!("{} without a type argument", segment.ident),
    }
}

/// The Dart type flutter_rust_bridge 2.13 gives a Rust type.
fn dart_type(ty: &syn::Type) -> String {
    let path = match ty {
        syn::Type::Tuple(tuple) if tuple.elems.is_empty() => return "void".into(),
        syn::Type::Path(path) => path,
        _ => panic!("a type that is neither a path nor (): the bridge uses only named types"),
    };
    let segment = path.path.segments.last().expect("a type name");
    let name = segment.ident.to_string();
    match name.as_str() {
        "String" | "bool" => name,
        "u8" | "u16" | "u32" | "i8" | "i16" | "i32" => "int".into(),
        "i64" => "PlatformInt64".into(),
        "u64" => "BigInt".into(),
        "f32" | "f64" => "double".into(),
        "Option" => format!("{}?", dart_type(type_argument(segment))),
        "Vec" => {
            let inner = type_argument(segment);
            let typed_list = match inner {
                syn::Type::Path(p) => p.path.get_ident().and_then(|i| {
                    Some(match i.to_string().as_str() {
                        "u8" => "Uint8List",
                        "i8" => "Int8List",
                        "u16" => "Uint16List",
                        "i16" => "Int16List",
                        "u32" => "Uint32List",
                        "i32" => "Int32List",
                        "u64" => "Uint64List",
                        "i64" => "Int64List",
                        "f32" => "Float32List",
                        "f64" => "Float64List",
                        _ => return None,
                    })
                }),
                _ => None,
            };
            typed_list.map_or_else(|| format!("List<{}>", dart_type(inner)), str::to_string)
        }
        _ => name,
    }
}

/// What `src/api.rs` should look like in Dart.
fn expected_surface() -> Surface {
    let file = syn::parse_file(&read(&crate_dir().join("src/api.rs"))).expect("api.rs parses");
    let mut surface = Surface::default();
    for item in file.items {
        match item {
            syn::Item::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                let params = f
                    .sig
                    .inputs
                    .iter()
                    .map(|input| match input {
                        syn::FnArg::Typed(arg) => {
                            let syn::Pat::Ident(name) = &*arg.pat else {
                                panic!("{}: a parameter that is not a name", f.sig.ident)
                            };
                            let ty = dart_type(&arg.ty);
                            Param {
                                name: camel(&name.ident.to_string()),
                                required: !ty.ends_with('?'),
                                ty,
                            }
                        }
                        syn::FnArg::Receiver(_) => panic!("{}: a method", f.sig.ident),
                    })
                    .collect();
                let syn::ReturnType::Type(_, returned) = &f.sig.output else {
                    panic!("{} returns nothing; the bridge returns Result", f.sig.ident)
                };
                let syn::Type::Path(result) = &**returned else {
                    panic!("{} does not return Result", f.sig.ident)
                };
                let result = result.path.segments.last().expect("Result");
                assert_eq!(result.ident, "Result", "{} returns Result", f.sig.ident);
                let value = dart_type(type_argument(result));
                let result = if f.sig.asyncness.is_some() {
                    format!("Future<{value}>")
                } else {
                    value
                };
                surface
                    .functions
                    .insert(camel(&f.sig.ident.to_string()), Function { result, params });
            }
            syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                let fields = s
                    .fields
                    .iter()
                    .map(|field| {
                        let name = field.ident.as_ref().expect("named fields").to_string();
                        (camel(&name), dart_type(&field.ty))
                    })
                    .collect();
                surface.classes.insert(s.ident.to_string(), fields);
            }
            _ => {}
        }
    }
    surface
}

/// Dart text without its comments and with every run of whitespace one
/// space, so formatted and unformatted output read the same.
fn collapse(dart: &str) -> String {
    dart.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits `a , b,` on its top-level commas (none of the bridge's types has
/// a comma inside), dropping empty pieces such as a trailing comma's.
fn pieces(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|p| !p.is_empty())
}

/// Splits `List<SessionDto>> rest` at the `>` that closes an already
/// opened `<`: (`List<SessionDto>`, ` rest`).
fn closing_angle(text: &str) -> (&str, &str) {
    let mut depth = 0;
    for (at, c) in text.char_indices() {
        match c {
            '<' => depth += 1,
            '>' if depth == 0 => return (&text[..at], &text[at + 1..]),
            '>' => depth -= 1,
            _ => {}
        }
    }
    panic!("an unclosed type: {text}")
}

/// The functions and classes `api.dart` declares.
fn dart_surface(dart: &str) -> Surface {
    let text = collapse(dart);
    let mut surface = Surface::default();
    for declaration in text.split("Future<").skip(1) {
        // `SessionDto> startSession({required String userId , …}) => …`
        let (value, rest) = closing_angle(declaration);
        let (name, rest) = rest.trim().split_once('(').expect("a parameter list");
        let params = rest
            .strip_prefix('{')
            .and_then(|r| r.split_once('}'))
            .map(|(named, _)| named)
            .unwrap_or_else(|| {
                assert!(rest.starts_with(')'), "{name}: positional parameters");
                ""
            });
        let params = pieces(params)
            .map(|param| {
                let (required, param) = match param.strip_prefix("required ") {
                    Some(p) => (true, p),
                    None => (false, param),
                };
                let (ty, name) = param.rsplit_once(' ').expect("a type and a name");
                Param {
                    name: name.into(),
                    ty: ty.into(),
                    required,
                }
            })
            .collect();
        surface.functions.insert(
            name.trim().into(),
            Function {
                result: format!("Future<{value}>"),
                params,
            },
        );
    }
    for declaration in text.split("class ").skip(1) {
        let (name, body) = declaration.split_once('{').expect("a class body");
        let name = name.trim();
        let constructor = format!("const {name}(");
        let (fields, _) = body.split_once(&constructor).expect("a const constructor");
        let fields = fields
            .split(';')
            .filter_map(|field| field.trim().strip_prefix("final "))
            .map(|field| {
                let (ty, name) = field.rsplit_once(' ').expect("a type and a name");
                (name.to_string(), ty.to_string())
            })
            .collect();
        surface.classes.insert(name.to_string(), fields);
    }
    surface
}

#[test]
fn the_dart_api_declares_every_function_and_struct_of_the_bridge() {
    let expected = expected_surface();
    let dart = dart_surface(&read(&dart_dir().join("api.dart")));
    assert!(
        expected.functions.contains_key("startSession")
            && expected.classes.contains_key("SessionDto"),
        "the Rust side parsed: {expected:?}"
    );
    for (name, function) in &expected.functions {
        assert_eq!(
            dart.functions.get(name),
            Some(function),
            "dart/lib/src/rust/api.dart: {name} is missing or differs; run scripts/generate-bindings"
        );
    }
    for (name, fields) in &expected.classes {
        assert_eq!(
            dart.classes.get(name),
            Some(fields),
            "dart/lib/src/rust/api.dart: class {name} is missing or differs; run scripts/generate-bindings"
        );
    }
    assert_eq!(
        dart.functions.keys().collect::<Vec<_>>(),
        expected.functions.keys().collect::<Vec<_>>(),
        "dart/lib/src/rust/api.dart declares functions the bridge no longer has; run scripts/generate-bindings"
    );
    assert_eq!(
        dart.classes.keys().collect::<Vec<_>>(),
        expected.classes.keys().collect::<Vec<_>>(),
        "dart/lib/src/rust/api.dart declares classes the bridge no longer has; run scripts/generate-bindings"
    );
}

/// The function ids the Rust glue dispatches on: `snake_name → id`.
fn rust_dispatch(glue: &str) -> BTreeMap<String, i32> {
    glue.lines()
        .filter_map(|line| {
            // `9 => wire__crate__api__init_app_impl(port, …),`
            let (id, call) = line.trim().split_once(" => wire__crate__api__")?;
            let (name, _) = call.split_once("_impl(")?;
            Some((name.to_string(), id.parse().expect("a function id")))
        })
        .collect()
}

/// The function ids the Dart side calls: `snake_name → id`, read from each
/// `crateApiInitApp(…)` implementation and the `funcId: 9` it passes.
fn dart_dispatch(dart: &str) -> BTreeMap<String, i32> {
    let text = collapse(dart);
    text.split("@override Future<")
        .skip(1)
        .filter_map(|implementation| {
            // Skips the runtime's own overrides (`executeRustInitializers`).
            let rest = closing_angle(implementation).1.strip_prefix(" crateApi")?;
            let (name, rest) = rest.split_once('(').expect("a parameter list");
            let (_, rest) = rest.split_once("funcId: ").expect("a funcId");
            let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let snake: String = name
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let lower = c.to_ascii_lowercase();
                    if c.is_ascii_uppercase() && i > 0 {
                        vec!['_', lower]
                    } else {
                        vec![lower]
                    }
                })
                .collect();
            Some((snake, id.parse().expect("a function id")))
        })
        .collect()
}

/// The content hash one side was generated with.
fn content_hash<'a>(text: &'a str, marker: &str) -> &'a str {
    let (_, rest) = text
        .split_once(marker)
        .unwrap_or_else(|| panic!("{marker} in the generated code"));
    rest.trim_start()
        .split(|c: char| c != '-' && !c.is_ascii_digit())
        .next()
        .expect("a hash")
}

#[test]
fn the_rust_glue_and_the_dart_side_were_generated_together() {
    let glue = read(&crate_dir().join("src/frb_generated.rs"));
    let dart = read(&dart_dir().join("frb_generated.dart"));
    let rust_ids = rust_dispatch(&glue);
    let dart_ids = dart_dispatch(&dart);
    let api: Vec<String> = expected_surface().functions.into_keys().collect();
    assert_eq!(
        rust_ids.len(),
        api.len(),
        "the glue dispatches every function: {rust_ids:?}"
    );
    assert_eq!(
        rust_ids, dart_ids,
        "the glue and the Dart side dispatch differently; run scripts/generate-bindings"
    );
    for name in rust_ids.keys() {
        assert!(
            api.contains(&camel(name)),
            "the glue dispatches {name}, which api.rs no longer has"
        );
    }
    assert_eq!(
        content_hash(&glue, "FLUTTER_RUST_BRIDGE_CODEGEN_CONTENT_HASH: i32 ="),
        content_hash(&dart, "int get rustContentHash =>"),
        "the glue and the Dart side come from different generations; run scripts/generate-bindings"
    );
}

#[test]
fn the_parsers_see_a_change_to_either_side() {
    // A Dart parameter renamed, or a struct's field added on the Rust side,
    // must make the comparison fail: the parsers are judged, not trusted.
    let dart = read(&dart_dir().join("api.dart"));
    let renamed = dart.replace("required String goalId", "required String goal");
    assert_ne!(dart_surface(&renamed), dart_surface(&dart));
    let formatted = dart.replace(" , ", ",\n    ").replace("  ", " ");
    assert_eq!(
        dart_surface(&formatted),
        dart_surface(&dart),
        "layout does not matter"
    );
    let mut expected = expected_surface();
    expected
        .classes
        .get_mut("SessionDto")
        .expect("SessionDto")
        .push(("extra".into(), "int".into()));
    assert_ne!(expected.classes, dart_surface(&dart).classes);
}
