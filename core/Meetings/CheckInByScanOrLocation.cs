using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Meetings;

/// <summary>
/// Check-in that proves presence: by scanning the meeting's rotating QR code (<see cref="CheckInScene"/>, as SCAN or
/// as a follow with <c>qrscene_</c>), or by the automatic <c>LOCATION</c> event WeChat sends when the member opens the
/// account on the spot, inside the meeting's geo-fence. A location <i>message</i> is picked on a map, so it proves
/// nothing by itself: inside the fence it is recorded as 待核实 for the secretary to confirm or refuse.
/// A scan counts toward the same wrong-code limit as typing 「签到 签到码」: an expired code is a wrong try.
/// </summary>
public sealed class CheckInByScanOrLocation(IMeetingStore meetings, AttendanceService attendance, ISharedState shared, MeetingsOptions options, TimeProvider time)
    : IEventObserver, IFallbackHandler, IMenuButtonHandler
{
    public const string ScenePrefix = CheckInScene.Prefix;

    /// <summary>The key of the menu's scanner button for check-in (<c>scancode_waitmsg</c>).</summary>
    public const string ScanMenuKey = "SCAN_CHECKIN";

    public IReadOnlyCollection<(string Type, string Key)> MenuButtons { get; } = [("scancode_waitmsg", ScanMenuKey), ("scancode_push", ScanMenuKey)];

    public async ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is LocationReportEvent report)
        {
            return await ReportedLocationAsync(turn, report, cancellationToken);
        }

        var scene = turn.Scene;
        if (scene is null || CheckInScene.MeetingIdOf(scene) is not { } meetingId)
        {
            return null;
        }

        if (turn.Member is null)
        {
            return Say(turn, "欢迎！签到前请先绑定党员身份：发送「绑定 姓名 手机后四位」，再扫一次码。");
        }

        // Both reads at once: one round trip on the scan's path.
        var failures = MeetingsFeature.FailuresKey(turn.Member.MemberId);
        var meetingRead = meetings.GetMeetingAsync(meetingId, cancellationToken);
        var triesRead = shared.GetAsync(failures, cancellationToken);
        await Task.WhenAll(meetingRead, triesRead);
        if (long.TryParse(await triesRead, NumberStyles.None, CultureInfo.InvariantCulture, out var tries) && tries >= options.WrongCodeLimit)
        {
            return Say(turn, MeetingsFeature.LockedOut(options));
        }

        if (await meetingRead is not { } meeting)
        {
            return Say(turn, "这个签到码对应的会议不存在，可能已经过期。");
        }

        if (!CheckInScene.IsValid(meeting, scene, time.GetUtcNow(), options.QrScenePeriod))
        {
            var count = await shared.IncrementAsync(failures, options.WrongCodeLockout, cancellationToken);
            return Say(turn, count >= options.WrongCodeLimit
                ? MeetingsFeature.LockedOut(options)
                : "这个签到二维码已过期，请扫描会场屏幕上正在显示的二维码，或发送「签到 签到码」。");
        }

        return Say(turn, (await attendance.CheckInAsync(meeting, turn.Member.MemberId, CheckInMethod.QrCode, cancellationToken)).Text);
    }

    /// <summary>The automatic location report: inside an open meeting's fence it checks in; otherwise it stays silent.</summary>
    private async Task<TurnResult?> ReportedLocationAsync(Turn turn, LocationReportEvent report, CancellationToken cancellationToken)
    {
        if (turn.Member is null)
        {
            return null;
        }

        var open = await attendance.OpenForCheckInAsync(turn.Member.MemberId, cancellationToken);
        var inside = open.FirstOrDefault(m => m.Fence is { } fence && fence.Contains(report.Latitude, report.Longitude));
        if (inside is null || await meetings.GetAttendeeAsync(inside.Id, turn.Member.MemberId, cancellationToken) is { CheckedIn: true })
        {
            // Reported every time the member opens the account: no answer unless it checks them in.
            return null;
        }

        return Say(turn, (await attendance.CheckInAsync(inside, turn.Member.MemberId, CheckInMethod.Location, cancellationToken)).Text);
    }

    public async ValueTask<TurnResult?> OnUnmatchedAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is not LocationMessage location || turn.Member is null)
        {
            return null;
        }

        var open = (await attendance.OpenForCheckInAsync(turn.Member.MemberId, cancellationToken)).Where(m => m.Fence is not null).ToList();
        if (open.Count == 0)
        {
            return Say(turn, "现在没有可以用位置签到的会议。");
        }

        var inside = open.FirstOrDefault(m => m.Fence!.Contains(location.Latitude, location.Longitude));
        if (inside is null)
        {
            var nearest = open.Min(m => m.Fence!.DistanceTo(location.Latitude, location.Longitude));
            return Say(turn, $"您不在会议地点范围内（相距约 {nearest:0} 米），请到会场后再发送位置，或使用签到码。");
        }

        return Say(turn, (await attendance.ClaimByPickedLocationAsync(inside, turn.Member.MemberId, cancellationToken)).Text);
    }

    private static TurnResult Say(Turn turn, string text) => new(Reply.Text(text), turn.Session);
}
