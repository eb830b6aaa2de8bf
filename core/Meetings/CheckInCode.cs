using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Core.Meetings;

/// <summary>
/// The short code the host shows on the screen: six digits derived from the meeting's secret and the time period
/// (like TOTP), so a photo of the screen stops working a period later.
/// </summary>
public static class CheckInCode
{
    public static string At(Meeting meeting, DateTimeOffset at, TimeSpan period) => ForStep(meeting.CheckInSecret, Step(at, period));

    /// <summary>Whether <paramref name="code"/> is the current or the previous period's code.</summary>
    public static bool IsValid(Meeting meeting, string code, DateTimeOffset at, TimeSpan period)
    {
        var step = Step(at, period);
        var actual = Encoding.ASCII.GetBytes(code);
        return CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(ForStep(meeting.CheckInSecret, step))) ||
               CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(ForStep(meeting.CheckInSecret, step - 1)));
    }

    /// <summary>Seconds until the current code changes.</summary>
    public static int SecondsLeft(DateTimeOffset at, TimeSpan period) =>
        (int)Math.Ceiling(period.TotalSeconds - (at.ToUnixTimeMilliseconds() / 1000.0 % period.TotalSeconds));

    private static long Step(DateTimeOffset at, TimeSpan period) => at.ToUnixTimeSeconds() / (long)period.TotalSeconds;

    private static string ForStep(string secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), counter);
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(hash[^1] & 0x0F, 4)) & 0x7FFF_FFFF;
        return (value % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
    }
}
