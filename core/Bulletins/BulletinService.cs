using BranchBot.Core.Competitions;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Ratings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Bulletins;

/// <summary>What one run did: the month it was about (null: nothing due), notices queued and robot posts made.</summary>
public sealed record BulletinRun(string? PeriodKey, int Notices, int RobotPosts);

/// <summary>
/// On the first working day of a month (from <see cref="BulletinOptions.SendAt"/>, or later that month if every
/// instance was down), composes the month before's bulletin, stores it, queues one notice per branch secretary and
/// posts it to the organisation's robot. Once per month on any number of instances: the store keeps the first
/// bulletin; notices have deterministic ids (the queue's delivery guard sends each once); the robot post is claimed.
/// </summary>
public sealed class BulletinService(
    RatingService ratings,
    IBulletinStore bulletins,
    IMemberStore members,
    IReminderQueue queue,
    IGroupRobot robot,
    ISharedState shared,
    BulletinOptions options,
    TimeProvider time)
{
    private readonly WorkingCalendar _calendar = new(options);

    /// <summary>The month a bulletin is due for now, or null (not yet the first working day, or before SendAt).</summary>
    public RatingPeriod? DueMonth(DateTimeOffset now)
    {
        var local = ChinaTime.Local(now);
        var today = DateOnly.FromDateTime(local.DateTime);
        var first = _calendar.FirstWorkingDay(today.Year, today.Month);
        return today < first || (today == first && local.TimeOfDay < options.SendAt)
            ? null
            : RatingPeriod.Containing(now, CompliancePeriod.Month).Previous();
    }

    public async Task<BulletinRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!options.Enabled || DueMonth(now) is not { } month)
        {
            return new BulletinRun(null, 0, 0);
        }

        var done = "bulletin-done:" + month.Key;
        if (await shared.GetAsync(done, cancellationToken) is not null)
        {
            return new BulletinRun(month.Key, 0, 0);
        }

        var bulletin = await bulletins.GetBulletinAsync(month.Key, cancellationToken)
            ?? await bulletins.AddBulletinAsync(BulletinComposer.Compose(month, await ratings.AllAsync(month, cancellationToken), now), cancellationToken);

        var roster = await members.ListAllAsync(cancellationToken);
        var jobs = bulletin.Rows.SelectMany(row => roster
                .Where(m => m.BranchId == row.BranchId && m.Role == MemberRole.Secretary && m.IsActive)
                .Select(s => new ReminderJob($"bul:{month.Key}:{s.Id}", ReminderKind.Bulletin, "bulletin:" + row.BranchId, s.Id, now, 0,
                    Text: BulletinComposer.SecretaryText(bulletin, row, options.ConsoleUrl), Title: $"{month.Label}工作通报", Url: string.IsNullOrWhiteSpace(options.ConsoleUrl) ? null : options.ConsoleUrl)))
            .ToList();
        await queue.ScheduleAsync(jobs, cancellationToken);

        var posts = 0;
        if (!string.IsNullOrWhiteSpace(options.RobotWebhook)
            && await shared.AddOrGetAsync("bulletin-robot:" + month.Key, "posted", TimeSpan.FromDays(400), cancellationToken) is null)
        {
            var parts = BulletinComposer.Markdown(bulletin, options.RobotMaxParts, options.ConsoleUrl);
            for (var i = 0; i < parts.Count; i++)
            {
                await robot.PostMarkdownAsync(options.RobotWebhook, $"bulletin:{month.Key}:{i + 1}", parts[i], cancellationToken);
            }

            posts = parts.Count;
        }

        await shared.SetAsync(done, "1", TimeSpan.FromDays(400), cancellationToken);
        return new BulletinRun(month.Key, jobs.Count, posts);
    }
}
