using System.Text.Json;
using BranchBot.Adapters.WeChat.Api;

namespace BranchBot.Adapters.WeChat.Menu;

/// <summary>
/// Publishes a checked <see cref="MenuSet"/>, in WeChat's order: menu/create (a conditional menu needs a default
/// one), the tags (tags/get, tags/create), then each conditional menu for its tag: the one published before for that
/// tag is deleted (menu/get, menu/delconditional) and the new one added (menu/addconditional). So publishing again
/// replaces rather than piles up, and a run stopped half-way is finished by the next.
/// </summary>
public sealed class MenuPublisher(WeChatApiClient api, WeChatTags tags)
{
    public async Task<PublishReport> PublishAsync(MenuSet menus, CancellationToken cancellationToken)
    {
        var calls = new List<PublishCall>();
        var created = await api.CreateMenuAsync(MenuJson.Menu(menus.Default), cancellationToken);
        calls.Add(PublishCall.Of("menu/create", created));
        if (!created.Ok)
        {
            return new PublishReport(false, calls);
        }

        var names = menus.Tags.Where(t => MenuSet.Roles.Contains(t.Key)).Select(t => t.Value).Distinct(StringComparer.Ordinal).ToList();
        var (ids, failure) = await tags.EnsureAsync(names, calls, cancellationToken);
        if (ids is null || failure is not null)
        {
            return new PublishReport(false, calls);
        }

        if (menus.Conditional.Count == 0)
        {
            return new PublishReport(true, calls);
        }

        var current = await api.GetMenuAsync(cancellationToken);
        calls.Add(PublishCall.Of("menu/get", current));
        if (!current.Ok)
        {
            return new PublishReport(false, calls);
        }

        var ours = menus.Conditional.Select(m => ids[menus.Tags[m.Role]]).ToHashSet();
        foreach (var menuId in ConditionalMenusFor(current, ours))
        {
            var deleted = await api.DeleteConditionalMenuAsync(menuId, cancellationToken);
            calls.Add(PublishCall.Of("menu/delconditional", deleted, menuId));
            if (!deleted.Ok && deleted.ErrCode != 65301)
            {
                return new PublishReport(false, calls);
            }
        }

        foreach (var menu in menus.Conditional)
        {
            var tag = menus.Tags[menu.Role];
            var added = await api.AddConditionalMenuAsync(MenuJson.Menu(menu.Buttons, ids[tag]), cancellationToken);
            calls.Add(PublishCall.Of("menu/addconditional", added, $"「{tag}」"));
            if (!added.Ok)
            {
                return new PublishReport(false, calls);
            }
        }

        return new PublishReport(true, calls);
    }

    /// <summary>Ids of the published conditional menus that match one of <paramref name="tagIds"/>.</summary>
    private static IEnumerable<string> ConditionalMenusFor(ApiResult current, IReadOnlySet<long> tagIds)
    {
        if (current.Body.ValueKind != JsonValueKind.Object || !current.Body.TryGetProperty("conditionalmenu", out var menus) || menus.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var menu in menus.EnumerateArray())
        {
            if (menu.TryGetProperty("matchrule", out var rule) && rule.TryGetProperty("tag_id", out var tag) && long.TryParse(tag.ToString(), out var tagId)
                && tagIds.Contains(tagId) && menu.TryGetProperty("menuid", out var id))
            {
                yield return id.ToString();
            }
        }
    }
}

/// <summary>Whether the whole publish succeeded, and every call with WeChat's answer, in order.</summary>
public sealed record PublishReport(bool Ok, IReadOnlyList<PublishCall> Calls);
