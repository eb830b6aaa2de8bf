using System.Text.Json;
using BranchBot.Adapters.WeChat.Api;

namespace BranchBot.Adapters.WeChat.Menu;

/// <summary>The account's user tags by name: found with tags/get, created when missing (a name taken meanwhile, 45157, is read again).</summary>
public sealed class WeChatTags(WeChatApiClient api)
{
    /// <summary>Tag name → id for every name, or the answer that stopped it. Each call made is added to <paramref name="calls"/>.</summary>
    public async Task<(IReadOnlyDictionary<string, long>? Ids, ApiResult? Failure)> EnsureAsync(IReadOnlyCollection<string> names, List<PublishCall> calls, CancellationToken cancellationToken)
    {
        var listed = await api.GetTagsAsync(cancellationToken);
        calls.Add(PublishCall.Of("tags/get", listed));
        if (!listed.Ok)
        {
            return (null, listed);
        }

        var ids = Read(listed);
        foreach (var name in names.Where(n => !ids.ContainsKey(n)))
        {
            var created = await api.CreateTagAsync(name, cancellationToken);
            calls.Add(PublishCall.Of("tags/create", created, name));
            if (created.Ok && created.Body.TryGetProperty("tag", out var tag) && tag.TryGetProperty("id", out var id) && id.TryGetInt64(out var value))
            {
                ids[name] = value;
                continue;
            }

            if (created.ErrCode != 45157)
            {
                return (null, created);
            }

            var again = await api.GetTagsAsync(cancellationToken);
            calls.Add(PublishCall.Of("tags/get", again));
            if (!again.Ok || !Read(again).TryGetValue(name, out var found))
            {
                return (null, again.Ok ? created : again);
            }

            ids[name] = found;
        }

        return (ids, null);
    }

    private static Dictionary<string, long> Read(ApiResult result)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        if (result.Body.ValueKind == JsonValueKind.Object && result.Body.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && tag.TryGetProperty("id", out var id) && id.TryGetInt64(out var value))
                {
                    ids.TryAdd(name.GetString()!, value);
                }
            }
        }

        return ids;
    }
}

/// <summary>One API call of a publish or a tag sync and what WeChat said.</summary>
public sealed record PublishCall(string Path, bool Ok, int ErrCode, string ErrMsg, string? Detail = null)
{
    public static PublishCall Of(string path, ApiResult result, string? detail = null) => new(path, result.Ok, result.ErrCode, result.ErrMsg, detail);

    public override string ToString() => $"{Path}{(Detail is null ? string.Empty : " " + Detail)}：{(Ok ? "成功" : $"失败 {ErrCode} {ErrMsg}")}";
}
