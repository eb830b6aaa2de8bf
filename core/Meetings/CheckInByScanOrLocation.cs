using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Meetings;

/// <summary>
/// Check-in by scanning the meeting's parametric QR code (scene <c>ci_&lt;meeting id&gt;</c>, as SCAN or as a follow with
/// <c>qrscene_</c>) or by sending a location inside the meeting's geo-fence during the check-in window.
/// </summary>
public sealed class CheckInByScanOrLocation(IMeetingStore meetings, AttendanceService attendance) : IEventObserver, IFallbackHandler
{
    public const string ScenePrefix = "ci_";

    public static string SceneOf(string meetingId) => ScenePrefix + meetingId;

    public async ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken)
    {
        var scene = turn.Scene;
        if (scene is null || !scene.StartsWith(ScenePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (turn.Member is null)
        {
            return Say(turn, "欢迎！签到前请先绑定党员身份：发送「绑定 姓名 手机后四位」，再扫一次码。");
        }

        if (await meetings.GetMeetingAsync(scene[ScenePrefix.Length..], cancellationToken) is not { } meeting)
        {
            return Say(turn, "这个签到码对应的会议不存在，可能已经过期。");
        }

        return Say(turn, (await attendance.CheckInAsync(meeting, turn.Member.MemberId, CheckInMethod.QrCode, cancellationToken)).Text);
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

        return Say(turn, (await attendance.CheckInAsync(inside, turn.Member.MemberId, CheckInMethod.Location, cancellationToken)).Text);
    }

    private static TurnResult Say(Turn turn, string text) => new(Reply.Text(text), turn.Session);
}
