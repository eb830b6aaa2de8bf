using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Core.Meetings;

/// <summary>
/// The check-in QR code's scene, <c>ci_&lt;meeting id&gt;_&lt;step&gt;_&lt;mac&gt;</c>: a time step and an HMAC (keyed
/// by the meeting's check-in secret) of the meeting id and step. Valid for the current and the previous step, like the
/// screen code, so a photo of the projector sent elsewhere stops working within two periods.
/// </summary>
public static class CheckInScene
{
    public const string Prefix = "ci_";

    public static string At(Meeting meeting, DateTimeOffset at, TimeSpan period) => For(meeting, Step(at, period));

    /// <summary>Seconds until the scene changes.</summary>
    public static int SecondsLeft(DateTimeOffset at, TimeSpan period) => CheckInCode.SecondsLeft(at, period);

    /// <summary>The meeting id a scene names (it still has to be checked), or null if it is no check-in scene.</summary>
    public static string? MeetingIdOf(string scene)
    {
        if (!scene.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = scene[Prefix.Length..].Split('_');
        return parts.Length >= 3 ? string.Join('_', parts[..^2]) : parts.Length == 1 ? parts[0] : null;
    }

    /// <summary>Whether <paramref name="scene"/> is the meeting's scene of the current or the previous step.</summary>
    public static bool IsValid(Meeting meeting, string scene, DateTimeOffset at, TimeSpan period)
    {
        var step = Step(at, period);
        var actual = Encoding.ASCII.GetBytes(scene);
        return CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(For(meeting, step))) ||
               CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(For(meeting, step - 1)));
    }

    private static long Step(DateTimeOffset at, TimeSpan period) => at.ToUnixTimeSeconds() / (long)period.TotalSeconds;

    private static string For(Meeting meeting, long step)
    {
        var stepText = step.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(meeting.CheckInSecret), Encoding.UTF8.GetBytes("scene|" + meeting.Id + "|" + stepText));
        return Prefix + meeting.Id + "_" + stepText + "_" + Convert.ToHexStringLower(mac.AsSpan(0, 5));
    }
}
