using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IDeliveryProblems
{
    private readonly Dictionary<string, DeliveryProblem> _problems = new(StringComparer.Ordinal);

    // Twin of the ReportProblem script in RedisStore.DeliveryProblems.cs.
    public Task ReportProblemAsync(DeliveryProblem problem, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _problems[problem.Key] = _problems.TryGetValue(problem.Key, out var first)
                ? first with { LastSeen = problem.LastSeen, Count = first.Count + problem.Count }
                : problem;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryProblem>> ListProblemsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DeliveryProblem>>(_problems.Values.OrderBy(p => p.FirstSeen).ToList());
        }
    }

    public Task<bool> DismissProblemAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_problems.Remove(key));
        }
    }
}
