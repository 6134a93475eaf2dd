public import Study

/// Renders every selected configuration for every agent family the run's models use, so that an
/// unknown placeholder or a missing dataset is found before a run writes anything or calls a
/// model — not mid-run, after other episodes have been paid for.
public enum ContentCheck {
    public static func check(
        _ configurations: [Configuration], models: [String], content: StudyContent, familyOverride: String?, options: ScenarioOptions
    ) throws {
        let builder = ScenarioBuilder(content: content)
        let families = Set(models.map { familyOverride ?? content.family(forModel: $0) }).sorted()
        for family in families {
            for configuration in configurations {
                var scenarioOptions = options
                scenarioOptions.family = family
                do {
                    _ = try builder.build(configuration, options: scenarioOptions)
                } catch let error as ContentError {
                    throw AppError(
                        .invalidContent, "Scenario content: \(error.description) (configuration \(configuration.id), family \(family))")
                } catch {
                    throw AppError(.cannotRender, "Scenario content: configuration \(configuration.id) cannot be rendered: \(error)")
                }
            }
        }
    }
}
