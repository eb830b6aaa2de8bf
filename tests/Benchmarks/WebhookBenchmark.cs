using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using BranchBot.Adapters.Redis;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using KestrelServer = Microsoft.AspNetCore.Hosting.Server.IServer;

namespace BranchBot.Benchmarks;

/// <summary>
/// Webhook throughput: a closed-loop load tool playing WeChat (N bound members, plaintext pushes with unique MsgIds,
/// a fixed number of connections, each sending its next push when the previous answer arrives) against the real bot,
/// and the same load against a bare Kestrel endpoint returning a constant XML reply (the machine's HTTP ceiling).
/// Scenarios: <c>help</c> (帮助) and <c>answer</c> (daily-quiz answers, 再来一组 whenever a set ends). Also counts Redis
/// commands per message (<c>INFO commandstats</c>) and Redis memory per active session.
/// </summary>
internal static class WebhookBenchmark
{
    private const string SetOver = "本组结束";
    private const int BankSize = 500;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var connections = options.Int("connections", 32, 1, 1024);
        var seconds = options.Int("seconds", 15, 1, 600);
        var members = options.Int("members", 1_000, 1, 100_000);
        var scenario = options.Text("scenario", "all");
        if (scenario is not ("help" or "answer" or "all"))
        {
            throw new ArgumentException($"--scenario must be help, answer or all (it is '{scenario}')");
        }

        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(seconds / 5.0, 1, 3));
        Console.WriteLine($"== webhook: {members} bound members, {connections} connections (closed loop), {seconds} s per run after a {warmUp.TotalSeconds:0} s warm-up, plaintext pushes");

        await using var env = await BenchEnvironment.StartAsync();
        var machine = await Machine.DescribeAsync(env.Redis);
        var serverTimes = new ServerTimes();
        var bot = await env.AddHostAsync(configure: services => services.AddSingleton<IStartupFilter>(serverTimes));
        var botRedis = (await BenchEnvironment.Get<RedisConnection>(bot).DatabaseAsync(cancellationToken)).Multiplexer;
        var roster = await SyntheticRoster.ImportAsync(BenchEnvironment.Get<IMemberStore>(bot), members, Math.Max(1, members / 100), _ => true, cancellationToken);
        await BenchEnvironment.Get<IQuestionStore>(bot).UpsertAsync(SyntheticBank(), cancellationToken);
        await BenchEnvironment.Get<QuestionBankCache>(bot).RefreshAsync(cancellationToken);
        var openIds = roster.OpenIds.Values.ToList();
        Console.WriteLine($"setup: {members} members bound, {BankSize} single-choice questions (answer A or B)");

        using var redis = await ConnectionMultiplexer.ConnectAsync(env.Redis.Configuration + ",allowAdmin=true");
        var server = redis.GetServer(env.Redis.Configuration);

        // The bare endpoint answers what the bot answers to 帮助, byte for byte, so both send the same reply size.
        using var warmHttp = Client(bot, connections);
        var helpReply = await SendAsync(warmHttp, Sign(bot, openIds[0], "帮助"), cancellationToken);
        await using var bare = await BareKestrel.StartAsync(helpReply.Body);
        using var bareHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = bare.Address, Timeout = TimeSpan.FromSeconds(30) };

        var failed = false;
        var baseline = await MeasureAsync("bare Kestrel", bareHttp, bot, openIds, connections, warmUp, duration, new HelpScript(), machine, null, cancellationToken);

        if (scenario is "help" or "all")
        {
            using var http = Client(bot, connections);
            var help = await MeasureAsync("bot 帮助", http, bot, openIds, connections, warmUp, duration, new HelpScript(), machine, new RedisProbe(server, botRedis, serverTimes), cancellationToken);
            Compare(help, baseline, "help", goal: false);
            failed |= help.Errors > 0;
        }

        if (scenario is "answer" or "all")
        {
            using var http = Client(bot, connections);
            var memoryBefore = await UsedMemoryAsync(server);
            var started = await StartSetsAsync(http, bot, openIds, connections, cancellationToken);
            var memoryAfter = await UsedMemoryAsync(server);
            var sessionBytes = await MemoryUsageAsync(redis.GetDatabase(), $"{env.Prefix}{{u:{openIds[^1]}}}:session");
            var perMember = (memoryAfter - memoryBefore) / (double)members;
            Console.WriteLine($"答题 warm-up: {started} of {members} members in a daily set");
            Console.WriteLine($"  Redis used_memory {memoryBefore / 1024.0 / 1024:0.0} MB → {memoryAfter / 1024.0 / 1024:0.0} MB: {perMember:0} bytes per member " +
                "(session, seen questions, de-duplication record of the push)");
            Console.WriteLine($"  one session key (MEMORY USAGE {env.Prefix}{{u:{openIds[^1]}}}:session): {sessionBytes} bytes");

            var answer = await MeasureAsync("bot answer", http, bot, openIds, connections, warmUp, duration, new AnswerScript(), machine, new RedisProbe(server, botRedis, serverTimes), cancellationToken);
            Compare(answer, baseline, "answer", goal: true);
            failed |= answer.Errors > 0 || started != members;
            var sessionMet = sessionBytes is > 0 and <= 1024;
            Console.WriteLine($"goal: ≤ 1 KB of Redis per idle session: {(sessionMet ? "met" : "MISSED")} (session key {sessionBytes} bytes; all keys added by 答题 {perMember:0} bytes per member)");
        }

        return failed ? 1 : 0;
    }

    /// <summary>Single-choice questions, half with the answer A and half B, so an answer A is right half the time.</summary>
    private static Question[] SyntheticBank() =>
        Enumerable.Range(0, BankSize)
            .Select(i => new Question($"qweb{i:D4}", QuestionType.Single, $"基准测试题 {i}（ ）。", ["甲", "乙", "丙", "丁"], i % 2 == 0 ? "A" : "B", "说明。", "党章", 1))
            .ToArray();

    private static HttpClient Client(BotServer bot, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = bot.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Each push gets its own nonce: hundreds of thousands are signed within a second or two before the clock starts,
    /// and random nonces would then collide (a birthday pair in 2^31), which the replay cache rightly refuses.
    /// </summary>
    private static Push Sign(BotServer bot, string openId, string text)
    {
        var nonce = (1_000_000_000 + Interlocked.Increment(ref _nonce)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signed = bot.Composer.Sign(PushComposer.Text(BotServer.Account, openId, bot.ClockNow, text, BotServer.NextMsgId()), openId, bot.ClockNow, false, nonce);
        return new Push(signed.PathAndQuery(), signed.Body);
    }

    /// <summary>Every member sends 答题 once (before anything is measured), so each is in a daily set.</summary>
    private static async Task<int> StartSetsAsync(HttpClient http, BotServer bot, IReadOnlyList<string> openIds, int connections, CancellationToken cancellationToken)
    {
        var pushes = openIds.Select(o => Sign(bot, o, "答题")).ToList();
        var started = 0;
        await Parallel.ForEachAsync(pushes, new ParallelOptions { MaxDegreeOfParallelism = connections, CancellationToken = cancellationToken }, async (push, ct) =>
        {
            var reply = await SendAsync(http, push, ct);
            if (reply.Content?.Contains("每日答题 1/", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref started);
            }
        });
        return started;
    }

    private static async Task<RunResult> MeasureAsync(
        string label, HttpClient http, BotServer bot, IReadOnlyList<string> openIds, int connections, TimeSpan warmUp, TimeSpan duration,
        ILoadScript script, Machine machine, RedisProbe? probe, CancellationToken cancellationToken)
    {
        // Each connection owns every connections-th member, so one member's pushes never overlap (as in WeChat).
        var lanes = Enumerable.Range(0, connections)
            .Select(c => new Lane(openIds.Where((_, i) => i % connections == c).Select(o => new MemberState(o)).ToList()))
            .Where(l => l.Members.Count > 0)
            .ToList();
        // The bot needs a fresh MsgId per push (it de-duplicates); the bare endpoint reads nothing, so it cycles a smaller pool.
        var recycle = probe is null;
        var pool = new PushPool(bot, script, recycle);
        pool.Fill(lanes, perMember: (int)Math.Ceiling((recycle ? 2_000 : 16_000) * (warmUp + duration).TotalSeconds / openIds.Count));

        await DriveAsync(http, lanes, script, pool, warmUp, null, cancellationToken);
        var commandsBefore = probe is null ? null : await CommandStatsAsync(probe.Server);
        var operationsBefore = probe?.Bot.GetCounters().Interactive.OperationCount ?? 0;
        probe?.Times.Start();
        var cpuBefore = machine.CpuSeconds();
        var result = new RunResult(label);
        var watch = Stopwatch.StartNew();
        await DriveAsync(http, lanes, script, pool, duration, result, cancellationToken);
        var elapsed = watch.Elapsed;
        var serverSide = probe?.Times.Stop() ?? [];
        var operations = (probe?.Bot.GetCounters().Interactive.OperationCount ?? 0) - operationsBefore;
        var cpu = machine.CpuSeconds().Since(cpuBefore, elapsed);
        result.Elapsed = elapsed;

        var sorted = result.Latencies.SelectMany(l => l).Order().ToList();
        result.Sorted = sorted;
        Console.WriteLine($"{label}: {sorted.Count} requests in {elapsed.TotalSeconds:0.00} s = {result.Throughput:0} requests/s; latency {Latencies.Summary(sorted)}");
        Console.WriteLine($"  replies: {script.Describe(result)}, {result.Unexpected} other; errors {result.Errors} (HTTP {result.HttpErrors}, 'success' instead of a reply {result.Deferred})" +
            (result.Example is null ? string.Empty : $"; unexpected reply e.g. {Shorten(result.Example)}"));
        Console.WriteLine($"  CPU: {cpu}; pushes signed during the run (pool exhausted): {pool.SignedLive}{(recycle ? " (pool recycled: the bare endpoint reads no MsgId)" : string.Empty)}");
        if (probe is not null && commandsBefore is not null)
        {
            Console.WriteLine($"  time inside the bot's Kestrel pipeline (first middleware to response written): {Latencies.Summary(serverSide)}");
            var commandsAfter = await CommandStatsAsync(probe.Server);
            var usec = commandsAfter.Sum(p => p.Value.Usec - commandsBefore.GetValueOrDefault(p.Key).Usec);
            Console.WriteLine($"  Redis round trips per message (operations the bot's multiplexer sent): {operations / (double)sorted.Count:0.00}; " +
                $"Redis time executing them {usec / (double)sorted.Count:0} µs per message");
            var perMessage = commandsAfter
                .Select(p => (Command: p.Key, Calls: p.Value.Calls - commandsBefore.GetValueOrDefault(p.Key).Calls))
                .Where(p => p.Calls > 0 && p.Command is not ("info" or "ping"))
                .OrderByDescending(p => p.Calls)
                .ToList();
            var total = perMessage.Sum(p => p.Calls) / (double)sorted.Count;
            Console.WriteLine($"  Redis commands per message (INFO commandstats; commands run inside scripts count too): {total:0.00} in total — " +
                string.Join(", ", perMessage.Select(p => $"{p.Command} {p.Calls / (double)sorted.Count:0.00}")));
        }

        return result;
    }

    /// <summary>The closed loop: each lane sends its next push when the previous answer arrives, until the time is up.</summary>
    private static async Task DriveAsync(HttpClient http, List<Lane> lanes, ILoadScript script, PushPool pool, TimeSpan duration, RunResult? result, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (result is not null)
        {
            result.Latencies = lanes.Select(_ => new List<double>(16_384)).ToArray();
        }

        await Task.WhenAll(lanes.Select((lane, index) => Task.Run(async () =>
        {
            var next = 0;
            while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var member = lane.Members[next];
                next = (next + 1) % lane.Members.Count;
                var push = pool.Take(member, script.NextText(member));
                var sent = Stopwatch.GetTimestamp();
                Reply reply;
                try
                {
                    reply = await SendAsync(http, push, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException)
                {
                    reply = new Reply(0, string.Empty, null, false);
                }

                var latency = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                script.Observe(member, reply);
                if (result is not null)
                {
                    result.Latencies[index].Add(latency);
                    result.Record(reply, script);
                }
            }
        }, cancellationToken)));
    }

    private static async Task<Reply> SendAsync(HttpClient http, Push push, CancellationToken cancellationToken)
    {
        using var content = new StringContent(push.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        using var response = await http.PostAsync(push.PathAndQuery, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (Interlocked.Increment(ref _errorsShown) <= 3)
            {
                Console.WriteLine($"  HTTP {(int)response.StatusCode}: {body}");
            }

            return new Reply((int)response.StatusCode, body, null, false);
        }

        var reading = Composer.ReadReply(body);
        return new Reply(200, body, reading.Content, reading.IsSuccess);
    }

    private static readonly PushComposer Composer = new(BotServer.Token, BotServer.AppId, BotServer.AesKey);

    private static int _errorsShown;

    private static long _nonce;

    private static void Compare(RunResult bot, RunResult bare, string scenario, bool goal)
    {
        var ratio = bot.Throughput / bare.Throughput;
        var p99 = Latencies.Percentile(bot.Sorted, 99);
        Console.WriteLine($"  {scenario} vs bare Kestrel: {bot.Throughput:0} / {bare.Throughput:0} requests/s = {ratio:P0} of the ceiling; p99 {p99:0.0} ms vs {Latencies.Percentile(bare.Sorted, 99):0.0} ms");
        if (goal)
        {
            Console.WriteLine($"goal: quiz-answer path ≥ 40% of bare Kestrel's throughput: {(ratio >= 0.4 ? "met" : "MISSED")} ({ratio:P0}); " +
                $"p99 ≤ 10 ms: {(p99 <= 10 ? "met" : "MISSED")} ({p99:0.0} ms)");
        }
    }

    private static async Task<Dictionary<string, (long Calls, long Usec)>> CommandStatsAsync(IServer server)
    {
        // cmdstat_evalsha: calls=12,usec=…,usec_per_call=…,rejected_calls=0,failed_calls=0
        var stats = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var pair in (await server.InfoAsync("commandstats")).SelectMany(g => g))
        {
            var fields = pair.Value.Split(',').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            stats[pair.Key.Replace("cmdstat_", string.Empty, StringComparison.Ordinal)] =
                (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
        }

        return stats;
    }

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var memory = (await server.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory");
        return long.Parse(memory.Value, CultureInfo.InvariantCulture);
    }

    private static async Task<long> MemoryUsageAsync(IDatabase db, string key)
    {
        var bytes = await db.ScriptEvaluateAsync("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', 0)", [key]);
        return bytes.IsNull ? 0 : (long)bytes;
    }

    private static string Shorten(string text) => (text.Length > 60 ? text[..60] + "…" : text).ReplaceLineEndings(" ");

    private sealed record Push(string PathAndQuery, string Body);

    /// <summary>Redis as the benchmark sees it (INFO), the bot's own multiplexer, and the bot's server-side times.</summary>
    private sealed record RedisProbe(IServer Server, IConnectionMultiplexer Bot, ServerTimes Times);

    /// <summary>
    /// A first middleware in the bot that times each request from entering the pipeline until the handler returned
    /// (the body is written by then): what the bot itself took, without the client, the socket and the scheduling
    /// of the load tool's continuation.
    /// </summary>
    private sealed class ServerTimes : IStartupFilter
    {
        private double[] _samples = [];
        private int _count;
        private volatile bool _on;

        public void Start()
        {
            _samples = new double[1 << 20];
            _count = 0;
            _on = true;
        }

        public double[] Stop()
        {
            _on = false;
            return _samples[..Math.Min(_count, _samples.Length)];
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var started = Stopwatch.GetTimestamp();
                await following(context);
                if (_on)
                {
                    var i = Interlocked.Increment(ref _count) - 1;
                    if (i < _samples.Length)
                    {
                        _samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                }
            });
            next(app);
        };
    }

    internal sealed record Reply(int Status, string Body, string? Content, bool IsSuccess);

    internal sealed class MemberState(string openId)
    {
        public string OpenId { get; } = openId;

        public bool NeedsNewSet { get; set; }

        public int Answers { get; set; }
    }

    private sealed record Lane(List<MemberState> Members);

    /// <summary>What a scenario sends next for a member, and what it learns from the reply.</summary>
    internal interface ILoadScript
    {
        IReadOnlyList<string> Texts { get; }

        string NextText(MemberState member);

        void Observe(MemberState member, Reply reply);

        /// <summary>The reply's kind (an index into the counts), or -1 when it is not one the scenario expects.</summary>
        int Classify(Reply reply);

        string Describe(RunResult result);
    }

    private sealed class HelpScript : ILoadScript
    {
        public IReadOnlyList<string> Texts { get; } = ["帮助"];

        public string NextText(MemberState member) => "帮助";

        public void Observe(MemberState member, Reply reply)
        {
        }

        public int Classify(Reply reply) => reply.Content?.Contains("答题", StringComparison.Ordinal) == true ? 0 : -1;

        public string Describe(RunResult result) => $"{result.Counts[0]} help texts";
    }

    /// <summary>Answers A or B in turn (wrong half the time); 再来一组 whenever the previous reply ended the set.</summary>
    private sealed class AnswerScript : ILoadScript
    {
        public IReadOnlyList<string> Texts { get; } = ["A", "B", "再来一组"];

        public string NextText(MemberState member) => member.NeedsNewSet ? "再来一组" : member.Answers % 2 == 0 ? "A" : "B";

        public void Observe(MemberState member, Reply reply)
        {
            if (reply.Content is not { } content)
            {
                return;
            }

            if (content.Contains("回答", StringComparison.Ordinal))
            {
                member.Answers++;
            }

            member.NeedsNewSet = content.Contains(SetOver, StringComparison.Ordinal) || content.Contains("发送「答题」", StringComparison.Ordinal);
        }

        public int Classify(Reply reply) => reply.Content switch
        {
            { } c when c.Contains(SetOver, StringComparison.Ordinal) => 2,
            { } c when c.Contains("回答正确", StringComparison.Ordinal) => 0,
            { } c when c.Contains("回答错误", StringComparison.Ordinal) => 1,
            { } c when c.Contains("每日答题 1/", StringComparison.Ordinal) => 3,
            _ => -1,
        };

        public string Describe(RunResult result) =>
            $"{result.Counts[0]} right, {result.Counts[1]} wrong with a next question, {result.Counts[2]} last answers of a set (本组结束), {result.Counts[3]} new sets (再来一组)";
    }

    /// <summary>Pushes signed before the clock starts, per member and text; signed on the spot only if the pool runs dry.</summary>
    private sealed class PushPool(BotServer bot, ILoadScript script, bool recycle)
    {
        private readonly Dictionary<(string OpenId, string Text), Queue<Push>> _queues = [];
        private int _signedLive;

        public int SignedLive => _signedLive;

        public void Fill(IEnumerable<Lane> lanes, int perMember)
        {
            foreach (var member in lanes.SelectMany(l => l.Members))
            {
                foreach (var text in script.Texts)
                {
                    // 再来一组 comes once per five answers.
                    var count = text == "再来一组" ? perMember / 5 + 2 : perMember;
                    var queue = new Queue<Push>(count);
                    for (var i = 0; i < count; i++)
                    {
                        queue.Enqueue(Sign(bot, member.OpenId, text));
                    }

                    _queues[(member.OpenId, text)] = queue;
                }
            }
        }

        /// <summary>Only the lane that owns the member takes its pushes, so the queues need no lock.</summary>
        public Push Take(MemberState member, string text)
        {
            var queue = _queues[(member.OpenId, text)];
            if (queue.TryDequeue(out var push))
            {
                if (recycle)
                {
                    queue.Enqueue(push);
                }

                return push;
            }

            Interlocked.Increment(ref _signedLive);
            return Sign(bot, member.OpenId, text);
        }
    }

    internal sealed class RunResult(string label)
    {
        private int _httpErrors;
        private int _deferred;
        private int _unexpected;

        public string Label { get; } = label;

        public List<double>[] Latencies { get; set; } = [];

        public List<double> Sorted { get; set; } = [];

        public TimeSpan Elapsed { get; set; }

        public int[] Counts { get; } = new int[4];

        public string? Example { get; private set; }

        public int HttpErrors => _httpErrors;

        public int Deferred => _deferred;

        public int Unexpected => _unexpected;

        public int Errors => _httpErrors + _deferred;

        public double Throughput => Sorted.Count / Elapsed.TotalSeconds;

        public void Record(Reply reply, ILoadScript script)
        {
            if (reply.Status != 200)
            {
                Interlocked.Increment(ref _httpErrors);
                return;
            }

            if (reply.IsSuccess)
            {
                Interlocked.Increment(ref _deferred);
                return;
            }

            var kind = script.Classify(reply);
            if (kind < 0)
            {
                Interlocked.Increment(ref _unexpected);
                Example = reply.Content;
                return;
            }

            Interlocked.Increment(ref Counts[kind]);
        }
    }

    /// <summary>The machine's HTTP ceiling: a minimal WebApplication on loopback whose POST returns a constant XML reply.</summary>
    private sealed class BareKestrel(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public static async Task<BareKestrel> StartAsync(string reply)
        {
            var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/wechat", () => Results.Text(reply, "application/xml"));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<KestrelServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new BareKestrel(app, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
