using System.Diagnostics;
using System.Net.Http.Headers;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Competitions;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Benchmarks;

/// <summary>
/// A competition round for N participants through the real webhook: everyone joins by room code, the question is
/// pushed to all (customer-service messages to the fake WeChat API), everyone answers within the window, then the
/// question closes. Measures joins/s, pushes/s, answers/s with latency, and the time from the window's close to the
/// standings (and to the end of the result fan-out). Checks every answer was scored exactly once.
/// </summary>
internal static class CompetitionBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var participants = options.Int("participants", 10_000, 1, 100_000);
        var concurrency = options.Int("concurrency", 64, 1, 4096);
        const int Seconds = 20;
        Console.WriteLine($"== competition: {participants} participants, one {Seconds}-second question, at most {concurrency} requests in flight");

        await using var env = await BenchEnvironment.StartAsync();
        var machine = await Machine.DescribeAsync(env.Redis);
        var bot = await env.AddHostAsync(HostSettings);
        var roster = await SyntheticRoster.ImportAsync(BenchEnvironment.Get<IMemberStore>(bot), participants, 10, _ => true, cancellationToken);
        return await RunOnAsync(env, machine, roster, participants, concurrency, null, cancellationToken);
    }

    /// <summary>What a host needs for this run: the engine stepped by the benchmark, pushes not held back by our pace.</summary>
    public static Dictionary<string, string?> HostSettings => new()
    {
        ["Competitions:RunTicker"] = "false",
        ["Competitions:PushParallelism"] = "128",
    };

    /// <summary>
    /// The round on hosts already started, for the first <paramref name="participants"/> bound members of
    /// <paramref name="roster"/>; pushes go to the hosts in turn, the first host runs the room. <paramref name="phase"/>
    /// is called after the joins, the question push, the answers and the close (the cluster benchmark's shard counters).
    /// </summary>
    public static async Task<int> RunOnAsync(BenchEnvironment env, Machine machine, SyntheticRoster roster, int participants, int concurrency,
        Func<string, Task>? phase, CancellationToken cancellationToken)
    {
        const int Seconds = 20;
        var bot = env.Hosts[0];
        var question = new Question("qbench", QuestionType.Single, "基准测试题（ ）。", ["甲", "乙", "丙", "丁"], "B", "选乙。", "党章", 1);
        await BenchEnvironment.Get<IQuestionStore>(bot).UpsertAsync([question], cancellationToken);
        foreach (var each in env.Hosts)
        {
            await BenchEnvironment.Get<QuestionBankCache>(each).RefreshAsync(cancellationToken);
        }

        var store = BenchEnvironment.Get<ICompetitionStore>(bot);
        var engine = BenchEnvironment.Get<CompetitionEngine>(bot);
        var now = env.Clock.GetUtcNow();
        var host = roster.Plan.Members.First(m => roster.OpenIds.ContainsKey(m.Id));
        var room = new Room("rmbench", "246810", "基准竞赛", host.Id, roster.OpenIds[host.Id], host.BranchId, Seconds, true, true, [question.Id], null, now);
        await store.CreateAsync(room, new RoomState(RoomPhase.Lobby, -1, null, null, null, now, 1), cancellationToken);

        var targets = env.Hosts.Select(h => (new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = h.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, h)).ToList();
        using var clients = new DisposeAll(targets.Select(t => t.Item1));
        var openIds = roster.OpenIds.Values.Take(participants).ToList();

        var (joinElapsed, _, joinErrors) = await StormAsync(targets, openIds, _ => "参赛 " + room.Code, concurrency, cancellationToken);
        var joined = (await store.ParticipantsAsync(room.Id, cancellationToken)).Count;
        Console.WriteLine($"join: {joined} joined in {joinElapsed.TotalSeconds:0.00} s = {openIds.Count / joinElapsed.TotalSeconds:0}/s; HTTP errors {joinErrors}");
        await (phase?.Invoke("competition joins") ?? Task.CompletedTask);

        await engine.StartAsync(room, cancellationToken);
        var pushesBefore = env.Api.CallsTo("message/custom/send").Count;
        var open = Stopwatch.StartNew();
        await engine.TickAsync(cancellationToken);
        open.Stop();
        var pushed = env.Api.CallsTo("message/custom/send").Count - pushesBefore;
        Console.WriteLine($"question push: {pushed} pushes in {open.Elapsed.TotalSeconds:0.00} s = {pushed / open.Elapsed.TotalSeconds:0} pushes/s");
        await (phase?.Invoke("competition question push") ?? Task.CompletedTask);

        var cpuBefore = machine.CpuSeconds();
        var (answerElapsed, latencies, answerErrors) = await StormAsync(targets, openIds, i => i % 2 == 0 ? "B" : "C", concurrency, cancellationToken);
        var cpu = machine.CpuSeconds().Since(cpuBefore, answerElapsed);
        await (phase?.Invoke("competition answers") ?? Task.CompletedTask);
        Console.WriteLine($"answers: {openIds.Count} in {answerElapsed.TotalSeconds:0.00} s = {openIds.Count / answerElapsed.TotalSeconds:0} answers/s; HTTP errors {answerErrors}");
        Console.WriteLine($"  latency {Latencies.Summary(latencies)}");
        Console.WriteLine($"  CPU during the answers: {cpu}");

        env.Clock.Advance(TimeSpan.FromSeconds(Seconds + 1) + open.Elapsed);
        var standingsWatch = Stopwatch.StartNew();
        var standings = await store.StandingsAsync(room.Id, cancellationToken);
        var standingsTime = standingsWatch.Elapsed;
        var closeWatch = Stopwatch.StartNew();
        await engine.TickAsync(cancellationToken);
        var closeTime = closeWatch.Elapsed;
        await (phase?.Invoke("competition close") ?? Task.CompletedTask);
        Console.WriteLine($"close: standings of {standings.Count} ready in {standingsTime.TotalMilliseconds:0} ms; close with {openIds.Count} result pushes in {closeTime.TotalSeconds:0.00} s");

        var answers = await store.AnswersAsync(room.Id, 0, cancellationToken);
        var right = answers.Values.Count(a => a.Correct);
        var expectedRight = (openIds.Count + 1) / 2;
        var onceEach = answers.Count == openIds.Count && right == expectedRight && standings.Count == expectedRight;
        Console.WriteLine($"check: {answers.Count} answers recorded for {openIds.Count} participants, {right} right (expected {expectedRight}), {standings.Count} in the standings: {(onceEach ? "each scored once" : "MISMATCH")}");
        var fastStandings = standingsTime < TimeSpan.FromSeconds(1);
        Console.WriteLine($"goal: standings within 1 s after the window closes: {(fastStandings ? "met" : "MISSED")}; answers within the {Seconds}-second window: {(answerElapsed < TimeSpan.FromSeconds(Seconds) ? "met" : "MISSED")}");
        return onceEach && answerErrors == 0 && joinErrors == 0 ? 0 : 1;
    }

    /// <summary>One signed push per participant, bounded concurrency; elapsed time, latencies (ms) and HTTP errors.</summary>
    internal static async Task<(TimeSpan Elapsed, List<double> Latencies, int Errors)> StormAsync(
        IReadOnlyList<(HttpClient Http, BotServer Bot)> targets, IReadOnlyList<string> openIds, Func<int, string> text, int concurrency, CancellationToken cancellationToken)
    {
        var pushes = openIds.Select((openId, i) =>
        {
            var bot = targets[i % targets.Count].Bot;
            return bot.Composer.Sign(PushComposer.Text(BotServer.Account, openId, bot.ClockNow, text(i), BotServer.NextMsgId()), openId, bot.ClockNow, false);
        }).ToList();
        var latencies = new double[pushes.Count];
        var errors = 0;
        using var gate = new SemaphoreSlim(concurrency);
        var watch = Stopwatch.StartNew();
        var running = new List<Task>(pushes.Count);
        for (var i = 0; i < pushes.Count; i++)
        {
            await gate.WaitAsync(cancellationToken);
            var push = pushes[i];
            var index = i;
            var http = targets[i % targets.Count].Http;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var content = new StringContent(push.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
                    using var response = await http.PostAsync(push.PathAndQuery(), content, cancellationToken);
                    await response.Content.ReadAsStringAsync(cancellationToken);
                    latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(running);
        return (watch.Elapsed, latencies.Where(l => l > 0).ToList(), errors);
    }

    internal sealed class DisposeAll(IEnumerable<IDisposable> items) : IDisposable
    {
        private readonly List<IDisposable> _items = items.ToList();

        public void Dispose() => _items.ForEach(i => i.Dispose());
    }
}
