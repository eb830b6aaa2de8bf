using System.Text.Json;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Adapters.WeChat.Menu;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Members;
using BranchBot.Core.Storage;

namespace BranchBot.Bot.Menu;

/// <summary>
/// Keeps WeChat's secretary and admin tags in step with the roster, off the message path: each round compares who
/// should carry each tag (bound, following members of that role) with who was tagged, and tags or untags the
/// difference in batches of 50 (tags/members/batchtagging, batchuntagging) through the WeChat API's pipeline. What
/// was applied is recorded only after WeChat accepted it, so a failed call is simply made again next round, and a
/// repeated call changes nothing. Binding, unbinding, role changes by import and unfollows all land here. One
/// instance at a time (a lease); the others skip the round.
/// </summary>
internal sealed partial class MenuTagSync(
    MenuCatalog catalog,
    IMemberStore members,
    ISharedState shared,
    WeChatApiClient api,
    WeChatTags tags,
    Microsoft.Extensions.Options.IOptions<MenuOptions> options,
    TimeProvider time,
    ILogger<MenuTagSync> logger) : RepeatingWorker(time, logger)
{
    public const int BatchSize = 50;
    private const string Lease = "menu-tags:lease";
    private static readonly TimeSpan Kept = TimeSpan.FromDays(3650);
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly ILogger _logger = logger;

    protected override string Name => "Menu tag sync";

    protected override TimeSpan Interval => options.Value.TagSyncInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        if (!await shared.TryAcquireLeaseAsync(Lease, _owner, TimeSpan.FromMinutes(2), cancellationToken))
        {
            return false;
        }

        try
        {
            await SyncAsync(cancellationToken);
            return false;
        }
        finally
        {
            await shared.ReleaseLeaseAsync(Lease, _owner, CancellationToken.None);
        }
    }

    /// <summary>One round; returns the calls made (none when everything is in step).</summary>
    internal async Task<IReadOnlyList<PublishCall>> SyncAsync(CancellationToken cancellationToken)
    {
        var calls = new List<PublishCall>();
        var check = await catalog.LoadAsync(cancellationToken);
        if (check.Menus is not { } menus || menus.Tags.Count == 0)
        {
            return calls;
        }

        var roster = await members.ListAllAsync(cancellationToken);
        var wanted = menus.Tags.Where(t => MenuSet.Roles.Contains(t.Key)).ToList();
        var desired = wanted.ToDictionary(t => t.Value, t => roster
            .Where(m => m is { OpenId: not null, Subscribed: true } && Carries(m.Role, t.Key))
            .Select(m => m.OpenId!).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var applied = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var tag in desired.Keys)
        {
            applied[tag] = Decode(await shared.GetAsync(AppliedKey(tag), cancellationToken));
        }

        if (desired.All(d => d.Value.SetEquals(applied[d.Key])))
        {
            return calls;
        }

        var (ids, failure) = await tags.EnsureAsync(desired.Keys.ToList(), calls, cancellationToken);
        if (ids is null)
        {
            throw new InvalidOperationException($"tags not available: {failure?.ErrCode} {failure?.ErrMsg}");
        }

        foreach (var (tag, want) in desired)
        {
            var done = applied[tag];
            await ApplyAsync(tag, ids[tag], want.Except(done).Order(StringComparer.Ordinal).ToList(), untag: false, done, calls, cancellationToken);
            await ApplyAsync(tag, ids[tag], done.Except(want).Order(StringComparer.Ordinal).ToList(), untag: true, done, calls, cancellationToken);
        }

        return calls;
    }

    private static bool Carries(MemberRole role, string tagRole) => tagRole switch
    {
        "secretary" => role >= MemberRole.Secretary,
        "admin" => role == MemberRole.Admin,
        _ => false,
    };

    private async Task ApplyAsync(string tag, long tagId, List<string> openIds, bool untag, HashSet<string> done, List<PublishCall> calls, CancellationToken cancellationToken)
    {
        foreach (var batch in openIds.Chunk(BatchSize))
        {
            var result = await api.TagUsersAsync(tagId, batch, untag, cancellationToken);
            calls.Add(PublishCall.Of(untag ? "tags/members/batchuntagging" : "tags/members/batchtagging", result, $"「{tag}」{batch.Length} 人"));
            if (result.Kind == ApiErrorKind.Permanent)
            {
                // One bad OpenID (unfollowed, 40003/49003) spoils the batch: each goes alone, and one WeChat refuses for good is let go.
                foreach (var openId in batch)
                {
                    var single = await api.TagUsersAsync(tagId, [openId], untag, cancellationToken);
                    if (single.Kind is not (ApiErrorKind.None or ApiErrorKind.Permanent))
                    {
                        throw new InvalidOperationException($"tag sync stopped: {single.ErrCode} {single.ErrMsg}");
                    }

                    if (!single.Ok)
                    {
                        LogRefused(_logger, tag, single.ErrCode, single.ErrMsg);
                    }

                    Mark(done, [openId], untag);
                }
            }
            else if (!result.Ok)
            {
                throw new InvalidOperationException($"tag sync stopped: {result.ErrCode} {result.ErrMsg}");
            }
            else
            {
                Mark(done, batch, untag);
            }

            await shared.SetAsync(AppliedKey(tag), JsonSerializer.Serialize(done.Order(StringComparer.Ordinal)), Kept, cancellationToken);
        }
    }

    private static void Mark(HashSet<string> done, IEnumerable<string> openIds, bool untag)
    {
        foreach (var openId in openIds)
        {
            _ = untag ? done.Remove(openId) : done.Add(openId);
        }
    }

    private static string AppliedKey(string tag) => "menu-tags:applied:" + tag;

    private static HashSet<string> Decode(string? json)
    {
        try
        {
            return json is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(JsonSerializer.Deserialize<string[]>(json) ?? [], StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // An unreadable record means "nothing known applied": tagging again is harmless.
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat refused a tag change for one member of tag {Tag}: {Code} {Message}; left as it is")]
    private static partial void LogRefused(ILogger logger, string tag, int code, string message);
}
