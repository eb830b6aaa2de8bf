namespace BranchBot.Core.Meetings;

/// <summary>Port for parametric QR codes that open the official account with a scene (e.g. a meeting's check-in).</summary>
public interface IQrCodes
{
    Task<QrCodeResult> CreateAsync(string scene, TimeSpan validFor, CancellationToken cancellationToken);
}

/// <summary>The code's image address and ticket, or why none could be made.</summary>
public sealed record QrCodeResult(string? ImageUrl, string? Ticket, string Scene, DateTimeOffset? ExpiresAt, string? Error = null);
