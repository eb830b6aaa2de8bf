namespace BranchBot.Core.Messaging;

/// <summary>Port for pushes the bot sends on its own (not as the HTTP reply): customer-service messages.</summary>
public interface IMessenger
{
    Task<DeliveryResult> SendTextAsync(string openId, string text, CancellationToken cancellationToken);
}

/// <summary>Outcome of one outbound push. A failure is an expected outcome, not an exception.</summary>
public sealed record DeliveryResult(bool Delivered, string? ErrorCode = null, string? Error = null, bool Retryable = false)
{
    public static DeliveryResult Ok { get; } = new(true);

    public static DeliveryResult Failed(string code, string error, bool retryable) => new(false, code, error, retryable);
}
