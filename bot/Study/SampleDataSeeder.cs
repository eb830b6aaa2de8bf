using BranchBot.Adapters.Redis;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Study;

/// <summary>
/// Fills an empty store with the shipped sample bank and demo roster, so a fresh local run has something to study
/// and someone to bind as (e.g. 绑定 张三 0001), then gives the demo roster a history (<see cref="DemoActivity"/>).
/// By default only in the local trial with the embedded store (<see cref="HostingMode"/>); elsewhere only with
/// <c>SampleData:Enabled=true</c>. A 管理员 row never comes from sample data: such rows are skipped.
/// </summary>
internal sealed partial class SampleDataSeeder(
    SampleDataOptions options,
    IOptions<RedisOptions> redis,
    HostingMode mode,
    IQuestionStore questions,
    IMemberStore members,
    DemoActivity activity,
    Members.DemoLifecycle lifecycleDemo,
    BranchBot.Bot.MemberPoints.DemoMemberPoints memberPoints,
    DemoData demo,
    BranchBot.Bot.Meetings.DemoRecords records,
    Ratings.DemoRatings ratings,
    ISharedState shared,
    ILogger<SampleDataSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!mode.SampleDataWanted(options.Enabled, redis.Value))
        {
            return;
        }

        try
        {
            if (await questions.GetVersionAsync(cancellationToken) == 0)
            {
                var bank = QuestionBankParser.Parse(await File.ReadAllBytesAsync(Resolve(options.QuestionsPath), cancellationToken), options.QuestionsPath);
                if (bank.Ok)
                {
                    await questions.UpsertAsync(bank.Rows, cancellationToken);
                    LogSeeded(logger, "questions", bank.Rows.Count);
                }
            }

            if ((await members.ListUnitsAsync(cancellationToken)).Count == 0)
            {
                var roster = RosterParser.Parse(await File.ReadAllBytesAsync(Resolve(options.RosterPath), cancellationToken));
                if (roster.Ok)
                {
                    // Whoever can reach a demo must not find an organisation-wide role waiting in it.
                    var rows = roster.Rows.Where(r => r.Role != MemberRole.Admin).ToList();
                    await members.ImportAsync(RosterPlan.Build(rows), cancellationToken);
                    LogSeeded(logger, "demo members", rows.Count);
                    await activity.SeedAsync(cancellationToken);
                    await records.SeedAsync(cancellationToken);
                    await lifecycleDemo.SeedAsync(cancellationToken);
                    await memberPoints.SeedAsync(cancellationToken);
                    await ratings.SeedAsync(cancellationToken);
                    await shared.SetAsync(DemoData.Marker, "1", TimeSpan.FromDays(3650), cancellationToken);
                }
            }

            if (await shared.GetAsync(DemoData.Marker, cancellationToken) is not null)
            {
                demo.MarkLoaded();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogMissing(logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample data loaded: {Count} {What}")]
    private static partial void LogSeeded(ILogger logger, string what, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample data not loaded: {Reason}")]
    private static partial void LogMissing(ILogger logger, string reason);
}
