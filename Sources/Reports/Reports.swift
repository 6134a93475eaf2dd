// The Reports module: the study's metrics from a stored run (design §6–§7), and their renderings.
//
//   Loading/    ReportLoader reads the store's slim rows (never transcripts), picks the prose source
//               (a judge, else the deterministic extractor) and builds the report.
//   Analysis/   ReportBuilder: outcomes and denominators, per-cell rates with Wilson intervals,
//               tampering/exfiltration tests, misrepresentation, alignment faking, peer presence,
//               scoring agreement (Cohen's kappa). Pure functions of the episode records.
//   Model/      Codable value types: StudyReport and its sections (what --format json writes).
//   Rendering/  terminal, Markdown, CSV, JSON and a single self-contained HTML file.
//   SVG/        hand-written SVG charts for the HTML report.
