using BranchBot.Core.Conversations;
using BranchBot.Core.Meetings;
using BranchBot.Core.Messaging;
using BranchBot.Core.Ratings;

namespace BranchBot.Core.Bulletins;

/// <summary><c>通报</c>: a branch's committee reads its line of the latest monthly bulletin again.</summary>
public sealed class BulletinFeature(IBulletinStore bulletins, BulletinOptions options, TimeProvider time) : IConversationFeature
{
    public string Name => "bulletin";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("通报", "查看本支部最近一期工作通报", ["工作通报"], Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var lastMonth = RatingPeriod.Containing(time.GetUtcNow(), CompliancePeriod.Month).Previous();
        var latest = (await bulletins.ListBulletinsAsync(cancellationToken)).FirstOrDefault();
        var bulletin = latest is null ? null : await bulletins.GetBulletinAsync(latest.PeriodKey, cancellationToken);
        string text;
        if (bulletin is null)
        {
            text = "尚未发布工作通报。通报于每月第一个工作日发布上月情况。";
        }
        else if (bulletin.Rows.FirstOrDefault(r => r.BranchId == turn.Member!.BranchId) is not { } row)
        {
            text = $"{bulletin.PeriodLabel}工作通报中没有您所在的党支部，请在管理后台查看全部通报。";
        }
        else
        {
            text = BulletinComposer.SecretaryText(bulletin, row, options.ConsoleUrl)
                + (bulletin.PeriodKey == lastMonth.Key ? string.Empty : $"\n{lastMonth.Label}通报将于本月第一个工作日发布。");
        }

        return new(Reply.Text(text), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);
}
