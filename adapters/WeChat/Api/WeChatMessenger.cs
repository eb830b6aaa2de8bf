using System.Globalization;
using BranchBot.Core.Messaging;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>The core's messenger port over WeChat customer-service messages.</summary>
public sealed class WeChatMessenger(WeChatApiClient api) : IMessenger
{
    public async Task<DeliveryResult> SendTextAsync(string openId, string text, CancellationToken cancellationToken)
    {
        var result = await api.SendCustomTextAsync(openId, text, cancellationToken);
        return result.Ok
            ? DeliveryResult.Ok
            : DeliveryResult.Failed(result.ErrCode.ToString(CultureInfo.InvariantCulture), result.ErrMsg, result.Kind is ApiErrorKind.Transient or ApiErrorKind.Network or ApiErrorKind.CircuitOpen or ApiErrorKind.RateLimited);
    }
}
