//! The standard library: `.seg` modules shipped inside the compiler, written for one declaration
//! of the user's project (`use std.rfm for value`, `use std.lifecycle for orders`).
//!
//! A module is a template whose `{placeholders}` are filled with names of that declaration. The
//! names are identifiers the parser already accepted, so filling them in cannot change the
//! structure of the module.

use crate::project::UseError;
use crate::suggest::closest;
use crate::syntax::ast;

/// A module of the standard library.
struct StdModule {
    name: &'static str,
    text: &'static str,
    /// What the module is written for.
    subject: Subject,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// An RFM model with 5 scores.
    RfmModel,
    /// A facts table with a time column.
    TimedFacts,
}

const MODULES: [StdModule; 2] = [
    StdModule {
        name: "rfm",
        text: include_str!("rfm.seg"),
        subject: Subject::RfmModel,
    },
    StdModule {
        name: "lifecycle",
        text: include_str!("lifecycle.seg"),
        subject: Subject::TimedFacts,
    },
];

/// The names of the standard library's modules.
pub fn module_names() -> Vec<&'static str> {
    MODULES.iter().map(|m| m.name).collect()
}

/// A module written for a declaration: its display name (`std.rfm`) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub name: String,
    pub text: String,
}

/// Fills in `module` for `subject` (or the one declaration that fits when it is omitted), looking
/// declarations up in the project's parsed `modules`.
pub fn instantiate(
    module: &ast::Ident,
    subject: Option<&ast::Ident>,
    modules: &[ast::Module],
) -> Result<Instance, UseError> {
    let Some(std) = MODULES.iter().find(|m| m.name == module.name) else {
        return Err(UseError::UnknownStdModule {
            span: module.span,
            name: module.name.clone(),
            help: Some(match closest(&module.name, module_names()) {
                Some(c) => format!("did you mean `std.{c}`?"),
                None => format!(
                    "the modules are {}",
                    module_names()
                        .iter()
                        .map(|n| format!("`std.{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        });
    };
    let items = || modules.iter().flat_map(|m| m.items.iter());
    let problem = |problem: String, help: String| UseError::StdSubject {
        span: subject.map(|s| s.span).unwrap_or(module.span),
        module: std.name.to_string(),
        problem,
        help,
    };
    let fill = |pairs: &[(&str, &str)]| {
        let mut text = std.text.to_string();
        for (key, value) in pairs {
            text = text.replace(&format!("{{{key}}}"), value);
        }
        text
    };
    let name = match subject {
        Some(s) => format!("std.{} for {}", std.name, s.name),
        None => format!("std.{}", std.name),
    };
    match std.subject {
        Subject::RfmModel => {
            let models: Vec<&ast::RfmDecl> = items()
                .filter_map(|i| match i {
                    ast::Item::Rfm(r) => Some(r),
                    _ => None,
                })
                .collect();
            let model = pick(subject, &models, |m| &m.name.name).map_err(|found| {
                problem(
                    found.describe("an RFM model"),
                    "declare one (`rfm value on customers over orders { monetary sum(amount) }`) and name it: `use std.rfm for value`".into(),
                )
            })?;
            if let Some((k, _)) = model.scores.filter(|(k, _)| *k != 5) {
                return Err(problem(
                    format!("is written for 5 scores, and `{}` has {k}", model.name.name),
                    "use `scores 5` in the model, or write your own grid".into(),
                ));
            }
            Ok(Instance {
                name,
                text: fill(&[("model", &model.name.name), ("entity", &model.entity.name)]),
            })
        }
        Subject::TimedFacts => {
            let facts: Vec<&ast::FactsDecl> = items()
                .filter_map(|i| match i {
                    ast::Item::Facts(f) if f.time_column.is_some() => Some(f),
                    _ => None,
                })
                .collect();
            let table = pick(subject, &facts, |f| &f.name.name).map_err(|found| {
                problem(
                    found.describe("a facts table with a time column"),
                    "name the orders table: `use std.lifecycle for orders`".into(),
                )
            })?;
            let time = table
                .time_column
                .as_ref()
                .map(|t| t.name.as_str())
                .unwrap_or_default();
            Ok(Instance {
                name,
                text: fill(&[
                    ("facts", &table.name.name),
                    ("time", time),
                    ("entity", &table.header.link.entity.name),
                ]),
            })
        }
    }
}

/// Why no declaration was picked.
enum NotFound {
    Unknown(String, Vec<String>),
    None,
    Several(Vec<String>),
}

impl NotFound {
    fn describe(&self, kind: &str) -> String {
        match self {
            NotFound::Unknown(name, names) => {
                let hint = closest(name, names.iter().map(String::as_str))
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                format!("names `{name}`, which is not {kind}{hint}")
            }
            NotFound::None => format!("needs {kind}, and the project has none"),
            NotFound::Several(names) => format!(
                "is written for {kind}, and several fit: {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The declaration named `subject`, or the only candidate when no name is given.
fn pick<'a, T>(
    subject: Option<&ast::Ident>,
    candidates: &[&'a T],
    name: impl Fn(&T) -> &String,
) -> Result<&'a T, NotFound> {
    let names = || {
        candidates
            .iter()
            .map(|c| name(c).clone())
            .collect::<Vec<_>>()
    };
    match subject {
        Some(s) => candidates
            .iter()
            .find(|c| *name(c) == s.name)
            .copied()
            .ok_or_else(|| NotFound::Unknown(s.name.clone(), names())),
        None => match candidates {
            [one] => Ok(one),
            [] => Err(NotFound::None),
            _ => Err(NotFound::Several(names())),
        },
    }
}
