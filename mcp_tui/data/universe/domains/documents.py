"""Documents and spreadsheets in the cloud: create, find, share, export, rows and comments."""

from mcp_tui.data.universe.fields import EMAILS, date, flag, ident, limit, text
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Many, Pick

D = "documents"
FOLDERS = Pick(("Finance", "Marketing/2025", "Shared/Legal", "Personal", "Projects/Apollo"), quote=0.3)
ROLE = Choice((("viewer", "view-only", "as a viewer"), ("commenter", "as a commenter"), ("editor", "with edit access",
                                                                                         "as an editor")))
TITLES = ("Q3 budget", "Launch plan", "Meeting notes 12 May", "Offer letter template", "Reading list")
SHEETS = Pick(("Sales 2025", "Inventory", "Team roster", "Expenses"), quote=0.6)

doc_id = ident("document id", "DOC-", digits=6, label="document ID")
sheet_id = ident("spreadsheet id", "SHEET-", digits=6, label="spreadsheet ID")

CAPS = (
    *resource(D, "document", "documents", doc_id,
              fields=[text("title", TITLES, "called {v}", "titled {v}", ask="the title"), F("folder", FOLDERS, "in {v}"),
                      text("content", ("Agenda: 1. Budget 2. Hiring", "Draft - do not share", "TODO: add numbers"),
                           "containing {v}")],
              filters=[F("query", Pick(("budget", "launch", "notes", "contract")), "mentioning {v}", "about {v}"),
                       F("folder", FOLDERS, "in {v}"), date("modified after", "edited since {b}", lo=-60, hi=-1)],
              search_required=0, extra=[limit("limit", "documents")], ops="search get create update delete"),
    cap(D, "share document", "share a document with someone",
        [doc_id, F("email", Pick(EMAILS), "with {v}"), F("role", ROLE, "{v}", default="viewer")],
        [flag("notify", ("and notify them",), ("without sending a notification",))],
        frames=("share document {document_id}{args}",)),
    cap(D, "export document", "export a document to a file format",
        [doc_id, F("format", Choice((("pdf", "as a PDF", "to PDF"), ("docx", "as Word"), ("md", "as Markdown"),
                                     ("html", "as HTML"))), "{v}")],
        frames=("export document {document_id}{args}",)),
    cap(D, "move document", "move a document to a folder", [doc_id, F("folder", FOLDERS, "to {v}")],
        frames=("move document {document_id}{args}",)),
    cap(D, "get version history", "list a document's versions", [doc_id], [limit("limit", "versions")],
        frames=("show the version history of {document_id}{args}",)),
    cap(D, "restore version", "restore an earlier version of a document",
        [doc_id, F("version", Count(1, 40), "to version {v}", label="version number")],
        frames=("restore document {document_id}{args}",)),
    *resource(D, "doc comment", "doc comments", ident("comment id", "DC", digits=6),
              fields=[doc_id, text("text", ("Can we cut this section?", "Numbers need checking", "Looks good to me"),
                                   "saying {v}"),
                      F("assignee", Pick(EMAILS), "assigned to {v}")],
              create_required=2, verbs={"create": "add", "delete": "resolve"}, ops="list create delete"),
    *resource(D, "spreadsheet", "spreadsheets", sheet_id,
              fields=[F("title", SHEETS, "called {v}"), F("sheets", Many(Pick(("Q1", "Q2", "Q3", "Q4", "Summary")), 1, 3),
                                                          "with tabs {v}", label="tab names")],
              ops="get list create delete"),
    cap(D, "append row", "append a row to a spreadsheet",
        [sheet_id, F("values", Many(Pick(("2025-03-01", "Lisbon", "42", "approved", "Maria", "199.99")), 2, 4),
                     "with {v}", label="cell values")],
        [F("tab", Pick(("Q1", "Q2", "Summary")), "on tab {v}")], frames=("append a row to {spreadsheet_id}{args}",)),
    cap(D, "read range", "read a cell range of a spreadsheet",
        [sheet_id, F("range", Pick(("A1:D20", "B2:B50", "Summary!A1:F10", "C:C")), "{v}", label="A1 range")],
        frames=("read {range} of spreadsheet {spreadsheet_id}",)),
    cap(D, "update cell", "write a value into a cell",
        [sheet_id, F("cell", Pick(("B7", "C12", "D3", "A20")), label="cell"), F("value", Pick(("done", "1250", "=SUM(B2:B6)",
                                                                                              "pending")),
                                                                      label="value")],
        frames=("set {cell} of spreadsheet {spreadsheet_id} to {value}",)),
    cap(D, "create folder", "create a folder", [F("name", FOLDERS, "called {v}", label="folder path")],
        frames=("create a folder{args}",)),
    cap(D, "get storage usage", "get how much storage is used", [],
        [F("unit", Choice((("MB", "in megabytes"), ("GB", "in gigabytes"))), "{v}")],
        frames=("check my storage usage{args}",), asks=("How much space am I using{args}?",)),
    cap(D, "convert file", "convert an uploaded file to another format",
        [F("file url", Pick(("https://files.example.com/scan.png", "https://files.example.com/report.docx")),
           label="file URL"), F("to format", Choice((("pdf", "to PDF"), ("txt", "to plain text"), ("jpg", "to JPEG"))),
                                "{v}")],
        frames=("convert {file_url}{args}",)),
)

QUESTIONS = (
    ("What's the difference between a viewer and an editor on a shared doc?",
     "A viewer can only read; an editor can change the content (and usually share it further)."),
    ("What is version history in a document editor?",
     "A saved list of earlier states of the document that you can view or restore."),
)

DOMAIN = Domain(D, "Docs", ("docs", "drive", "gdrive-mcp", "workspace_api"), CAPS, QUESTIONS, vendors=("gdocs", "notion"),
                related=())
