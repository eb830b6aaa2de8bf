using System.Text.Json;
using BranchBot.Core.Talks;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : ITalkStore
{
    public async Task<bool> AddTalkAsync(Talk talk, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.HashSetAsync(Keys.Talks(talk.BranchId, talk.Date.Year), talk.Id, JsonSerializer.Serialize(talk), When.NotExists), cancellationToken);

    public async Task<IReadOnlyList<Talk>> ListTalksAsync(string branchId, int year, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.HashValuesAsync(Keys.Talks(branchId, year)), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize<Talk>((string)v!)!).OrderBy(t => t.Date).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
    }
}
