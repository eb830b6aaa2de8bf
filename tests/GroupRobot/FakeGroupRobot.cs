using BranchBot.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchBot.Tests.GroupRobot;

/// <summary>
/// A local stand-in for qyapi.weixin.qq.com/cgi-bin/webhook/send on a loopback port: records every post (on arrival,
/// before answering) and answers <c>{"errcode":0,"errmsg":"ok"}</c> unless told to answer an errcode, an HTTP error, or late.
/// </summary>
public sealed class FakeGroupRobot : IAsyncDisposable
{
    public const string Path = "/cgi-bin/webhook/send";

    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<RobotPost> _posts = new();
    private readonly ConcurrentQueue<Func<CancellationToken, Task<(int Status, string Body)?>>> _script = new();
    private readonly long _started = Stopwatch.GetTimestamp();

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<RobotPost> Posts => _posts.ToArray();

    public static async Task<FakeGroupRobot> StartAsync()
    {
        var fake = new FakeGroupRobot();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost(Path, (HttpContext context) => fake.HandleAsync(context)));
        fake.BaseUrl = fake._server.Address;
        return fake;
    }

    /// <summary>The webhook address of a robot with this key, as WeCom shows it (…/cgi-bin/webhook/send?key=…).</summary>
    public string Webhook(string key) => BaseUrl + Path + "?key=" + key;

    public IReadOnlyList<RobotPost> PostsTo(string key) => _posts.Where(p => p.Key == key).ToArray();

    /// <summary>The next post is answered with this errcode (after <paramref name="delay"/>, if given).</summary>
    public void ErrcodeNext(int errcode, string errmsg = "scripted", TimeSpan? delay = null) =>
        _script.Enqueue(async ct =>
        {
            if (delay is { } d)
            {
                await Task.Delay(d, ct);
            }

            return (200, new JsonObject { ["errcode"] = errcode, ["errmsg"] = errmsg }.ToJsonString());
        });

    public void HttpNext(int status, string body = "") => _script.Enqueue(_ => Task.FromResult<(int, string)?>((status, body)));

    /// <summary>The next post waits this long (or until the caller gives up) before being answered normally.</summary>
    public void DelayNext(TimeSpan delay) =>
        _script.Enqueue(async ct =>
        {
            await Task.Delay(delay, ct);
            return null;
        });

    /// <summary>Waits until the robot with <paramref name="key"/> has received at least <paramref name="count"/> posts.</summary>
    public async Task<IReadOnlyList<RobotPost>> WaitForPostsAsync(string key, int count, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var posts = PostsTo(key);
            if (posts.Count >= count)
            {
                return posts;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"robot {key} received {posts.Count} posts, expected {count}: {string.Join(" | ", posts.Select(p => p.Content))}");
            }

            await Task.Delay(5);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        _posts.Enqueue(new RobotPost(
            context.Request.Query["key"].ToString(), context.Request.ContentType ?? string.Empty, buffer.ToArray(), Stopwatch.GetElapsedTime(_started)));

        (int Status, string Body)? answer = null;
        if (_script.TryDequeue(out var step))
        {
            answer = await step(context.RequestAborted);
        }

        answer ??= (200, """{"errcode":0,"errmsg":"ok"}""");
        context.Response.StatusCode = answer.Value.Status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(answer.Value.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}

/// <summary>One post the fake received: the key from the address, the raw body, and when it arrived (since the fake started).</summary>
public sealed record RobotPost(string Key, string ContentType, byte[] RawBody, TimeSpan At)
{
    public string Body => Encoding.UTF8.GetString(RawBody);

    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Content => Json["markdown"]?["content"]?.GetValue<string>() ?? string.Empty;
}
