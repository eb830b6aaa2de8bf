using System.Text.Json;
using BranchBot.Core.Audit;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// The audit log as capped lists (LPUSH then LTRIM), one organisation-wide and one per branch. Each command touches
/// one key, so the two lists may live in different cluster slots.
/// </summary>
public sealed partial class RedisStore : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(entry);
        var lists = entry.BranchId is { } branch ? [Keys.Audit(null), Keys.Audit(branch)] : new[] { Keys.Audit(null) };
        await connection.DoAsync(db => Task.WhenAll(lists.SelectMany(key => new Task[]
        {
            db.ListLeftPushAsync(key, json),
            db.ListTrimAsync(key, 0, IAuditLog.Capacity - 1),
        })), cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? branchId, int count, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.ListRangeAsync(Keys.Audit(branchId), 0, count - 1), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize<AuditEntry>((string)v!)!).ToList();
    }
}
