// The Providers module: model clients over HTTP for the three wire formats the study speaks
// (OpenAI-compatible Chat Completions, Anthropic Messages, Gemini generateContent), with retries,
// adaptive concurrency per provider, the model catalogue and prices.
//
// Layout:
//   Wire/        pure request encoders and response decoders, one per wire format (no I/O)
//   Resilience/  retry policy, failure classification, the AIMD limiter, statistics
//   Transport/   the shared HTTP client and one deadline-bounded exchange
//   Clients/     the three `ModelClient`s, the retrying `ProviderClient` and the factory
//   Catalog/     model names → provider, base URL, API key variable; the models file
//   Pricing/     the editable price table and cost estimates
