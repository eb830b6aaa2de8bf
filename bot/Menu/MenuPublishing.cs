using System.Text.Json;
using BranchBot.Adapters.WeChat.Menu;
using BranchBot.Core.Storage;

namespace BranchBot.Bot.Menu;

/// <summary>Checks the menu file, publishes it through the WeChat API, and records what WeChat said for the console.</summary>
internal sealed class MenuPublishing(MenuCatalog catalog, MenuPublisher publisher, ISharedState shared, TimeProvider time)
{
    private const string LastKey = "menu:published";

    public async Task<(MenuCheck Check, PublishReport? Report)> PublishAsync(CancellationToken cancellationToken)
    {
        var check = await catalog.LoadAsync(cancellationToken);
        if (!check.Ok)
        {
            return (check, null);
        }

        var report = await publisher.PublishAsync(check.Menus!, cancellationToken);
        var record = new PublishRecord(time.GetUtcNow(), report.Ok, report.Calls.Select(c => c.ToString()).ToList());
        await shared.SetAsync(LastKey, JsonSerializer.Serialize(record), TimeSpan.FromDays(3650), cancellationToken);
        return (check, report);
    }

    public async Task<PublishRecord?> LastAsync(CancellationToken cancellationToken)
    {
        var json = await shared.GetAsync(LastKey, cancellationToken);
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<PublishRecord>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The last publish: when, whether it all succeeded, and each call with WeChat's answer.</summary>
internal sealed record PublishRecord(DateTimeOffset At, bool Ok, IReadOnlyList<string> Calls);
