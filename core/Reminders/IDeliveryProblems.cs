namespace BranchBot.Core.Reminders;

/// <summary>
/// A channel refused a notice because of our settings (a template field's value, an SMS parameter over the provider's
/// limit, an unapproved template): one entry per cause, however many members it hit, for the organisation's admin.
/// </summary>
/// <param name="Key">The cause: channel, template and field (or error code).</param>
/// <param name="Setting">The setting to look at, e.g. "Reminders:TemplateFields:time2".</param>
/// <param name="Count">How many deliveries it refused so far.</param>
public sealed record DeliveryProblem(
    string Key,
    DeliveryChannel Channel,
    string Setting,
    string Code,
    string Detail,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Count);

/// <summary>Port for the configuration problems deliveries ran into.</summary>
public interface IDeliveryProblems
{
    /// <summary>Records a refusal: the first report of a cause is kept as it is, later ones only count.</summary>
    Task ReportProblemAsync(DeliveryProblem problem, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryProblem>> ListProblemsAsync(CancellationToken cancellationToken);

    /// <summary>The admin fixed it: the entry goes; a new refusal makes it again. False when there was none.</summary>
    Task<bool> DismissProblemAsync(string key, CancellationToken cancellationToken);
}
