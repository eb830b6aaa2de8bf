using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>Calls the admin API of a <see cref="MeetingBot"/> (real Kestrel, real Redis) and reads the JSON answers.</summary>
internal static class ConsoleApi
{
    public static async Task<(HttpStatusCode Status, JsonNode? Json, string Body)> CallAsync(this MeetingBot bot, HttpMethod method, string path, string? key = MeetingBot.OrgKey, string? json = null)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(method, path, key, json));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length > 0 && body[0] is '{' or '[' ? JsonNode.Parse(body) : null, body);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Json, string Body)> GetAsync(this MeetingBot bot, string path, string? key = MeetingBot.OrgKey) =>
        bot.CallAsync(HttpMethod.Get, path, key);

    public static async Task<(HttpStatusCode Status, JsonNode? Json, string Body)> PostBytesAsync(this MeetingBot bot, string path, byte[] content, string? key = MeetingBot.OrgKey)
    {
        using var request = bot.AdminRequest(HttpMethod.Post, path, key);
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await bot.Bot.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(body), body);
    }
}
