//! The protocol loop: the initialize handshake, then each request answered and each document
//! notification turned into fresh diagnostics, until `shutdown` and `exit`. A request whose
//! parameters do not fit is answered with an error; nothing an editor sends ends the loop
//! except `exit` or a closed connection.

use super::completion::complete;
use super::diagnostics;
use super::documents::{uri_to_path, Documents};
use super::errors::LspError;
use super::formatting::format;
use super::hover::hover;
use super::navigation::{definition, references};
use super::outline::outline;
use super::positions::LineIndex;
use super::rename::rename;
use super::workspace::{analyze, project_dir, Files, Snapshot};
use crate::source::FileId;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References,
    Rename, Request as _,
};
use lsp_types::{
    CompletionOptions, CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse,
    HoverProviderCapability, LogMessageParams, MessageType, OneOf, Position,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// Serves one editor on `connection` until it shuts the server down.
pub fn serve(connection: &Connection, files: &dyn Files) -> Result<(), LspError> {
    let (id, _params) = connection.initialize_start()?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "seg", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        files,
        documents: Documents::default(),
        snapshots: HashMap::new(),
        published: HashMap::new(),
    };
    for message in &connection.receiver {
        let replies = match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                vec![Message::Response(server.guarded_request(request))]
            }
            Message::Notification(n) if n.method == lsp_types::notification::Exit::METHOD => {
                return Ok(());
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => Vec::new(),
        };
        for reply in replies {
            connection
                .sender
                .send(reply)
                .map_err(|e| LspError::Connection {
                    reason: e.to_string(),
                })?;
        }
    }
    Err(LspError::Connection {
        reason: "the editor closed the connection without shutting the server down".to_string(),
    })
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string(), "\"".to_string()]),
            ..CompletionOptions::default()
        }),
        rename_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

struct Server<'f> {
    files: &'f dyn Files,
    documents: Documents,
    /// The latest analysis of each project, by directory.
    snapshots: HashMap<PathBuf, Snapshot>,
    /// The files of each project that diagnostics were published for.
    published: HashMap<PathBuf, Vec<Uri>>,
}

/// A request's document, project and position.
struct At<'s> {
    snapshot: &'s Snapshot,
    file: FileId,
    offset: usize,
}

impl Server<'_> {
    /// Answers a request; should a stage panic on some input, the editor gets an error for this
    /// request and the server goes on, its analyses dropped and made afresh.
    fn guarded_request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match catch_unwind(AssertUnwindSafe(|| self.request(request))) {
            Ok(response) => response,
            Err(_) => {
                self.snapshots.clear();
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    "seg lsp failed on this request; please report it with the file".to_string(),
                )
            }
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let answer = match request.method.as_str() {
            HoverRequest::METHOD => self.with::<HoverRequest>(request, |s, p| {
                let p = p.text_document_position_params;
                let at = s.at(&p.text_document.uri, p.position)?;
                Ok(hover(at.snapshot, at.file, at.offset))
            }),
            GotoDefinition::METHOD => self.with::<GotoDefinition>(request, |s, p| {
                let p = p.text_document_position_params;
                let at = s.at(&p.text_document.uri, p.position)?;
                Ok(definition(at.snapshot, at.file, at.offset).map(GotoDefinitionResponse::Scalar))
            }),
            References::METHOD => self.with::<References>(request, |s, p| {
                let include = p.context.include_declaration;
                let p = p.text_document_position;
                let at = s.at(&p.text_document.uri, p.position)?;
                Ok(Some(references(at.snapshot, at.file, at.offset, include)))
            }),
            Completion::METHOD => self.with::<Completion>(request, |s, p| {
                let p = p.text_document_position;
                let at = s.at(&p.text_document.uri, p.position)?;
                let text = at.snapshot.text(at.file);
                let items = complete(&at.snapshot.index, text, at.offset);
                Ok(Some(CompletionResponse::Array(items)))
            }),
            Rename::METHOD => self.with::<Rename>(request, |s, p| {
                let position = p.text_document_position;
                let at = s.at(&position.text_document.uri, position.position)?;
                rename(at.snapshot, at.file, at.offset, &p.new_name)
                    .map(Some)
                    .map_err(|e| (ErrorCode::RequestFailed, e.to_string()))
            }),
            DocumentSymbolRequest::METHOD => self.with::<DocumentSymbolRequest>(request, |s, p| {
                let at = s.at(&p.text_document.uri, Position::default())?;
                Ok(Some(DocumentSymbolResponse::Nested(outline(
                    at.snapshot,
                    at.file,
                ))))
            }),
            Formatting::METHOD => self.with::<Formatting>(request, |s, p| {
                let at = s.at(&p.text_document.uri, Position::default())?;
                Ok(Some(format(at.snapshot.text(at.file))))
            }),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("seg lsp does not answer `{}`", request.method),
            )),
        };
        match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    /// Reads a request's parameters, answers it with `handle` and serializes the result.
    fn with<R: lsp_types::request::Request>(
        &mut self,
        request: Request,
        handle: impl FnOnce(&mut Self, R::Params) -> Result<R::Result, (ErrorCode, String)>,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        let params: R::Params = serde_json::from_value(request.params)
            .map_err(|e| (ErrorCode::InvalidParams, format!("{}: {e}", R::METHOD)))?;
        let result = handle(self, params)?;
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    /// The analysis, file and byte offset a request points at.
    fn at(&mut self, uri: &Uri, position: Position) -> Result<At<'_>, (ErrorCode, String)> {
        let not_a_file = || {
            (
                ErrorCode::InvalidParams,
                format!("{} is not a file of a seglang project", uri.as_str()),
            )
        };
        let path = uri_to_path(uri).ok_or_else(not_a_file)?;
        let dir = project_dir(&path);
        if !self.snapshots.contains_key(&dir) {
            let snapshot = analyze(&dir, &self.documents, self.files);
            self.snapshots.insert(dir.clone(), snapshot);
        }
        let snapshot = self.snapshots.get(&dir).ok_or_else(not_a_file)?;
        let file = snapshot.file(&path).ok_or_else(not_a_file)?;
        let offset = LineIndex::new(snapshot.text(file)).offset(position);
        Ok(At {
            snapshot,
            file,
            offset,
        })
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        let path = match n.method.as_str() {
            DidOpenTextDocument::METHOD => self.document::<DidOpenTextDocument>(n, |s, p| {
                let path = uri_to_path(&p.text_document.uri)?;
                s.documents.set(path.clone(), p.text_document.text);
                Some(path)
            }),
            DidChangeTextDocument::METHOD => self.document::<DidChangeTextDocument>(n, |s, p| {
                let path = uri_to_path(&p.text_document.uri)?;
                // Full syncs (see `capabilities`): the last change is the whole text.
                let text = p.content_changes.into_iter().last()?.text;
                s.documents.set(path.clone(), text);
                Some(path)
            }),
            DidCloseTextDocument::METHOD => self.document::<DidCloseTextDocument>(n, |s, p| {
                let path = uri_to_path(&p.text_document.uri)?;
                s.documents.close(&path);
                Some(path)
            }),
            DidSaveTextDocument::METHOD => {
                self.document::<DidSaveTextDocument>(n, |_, p| uri_to_path(&p.text_document.uri))
            }
            _ => None,
        };
        match path {
            Some(path) => self.refresh(project_dir(&path)),
            None => Vec::new(),
        }
    }

    /// Reads a notification's parameters and applies it; `None` when they do not fit or name
    /// no file.
    fn document<N: lsp_types::notification::Notification>(
        &mut self,
        n: Notification,
        apply: impl FnOnce(&mut Self, N::Params) -> Option<PathBuf>,
    ) -> Option<PathBuf> {
        let params: N::Params = serde_json::from_value(n.params).ok()?;
        apply(self, params)
    }

    /// Analyzes a project again and publishes the diagnostics of each of its files, empty for
    /// a file that has none any more.
    fn refresh(&mut self, dir: PathBuf) -> Vec<Message> {
        let snapshot = analyze(&dir, &self.documents, self.files);
        let mut by_file = diagnostics::by_file(&snapshot);
        let log = snapshot.settings_problem.as_ref().map(|problem| {
            Message::Notification(Notification::new(
                LogMessage::METHOD.to_string(),
                LogMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("{problem}\nthe lints have their default levels"),
                },
            ))
        });
        self.snapshots.insert(dir.clone(), snapshot);
        let published = self.published.entry(dir).or_default();
        for gone in published.iter() {
            if !by_file.iter().any(|(uri, _)| uri == gone) {
                by_file.push((gone.clone(), Vec::new()));
            }
        }
        *published = by_file.iter().map(|(uri, _)| uri.clone()).collect();
        let published = by_file.into_iter().map(|(uri, diagnostics)| {
            Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                PublishDiagnosticsParams::new(uri, diagnostics, None),
            ))
        });
        log.into_iter().chain(published).collect()
    }
}
