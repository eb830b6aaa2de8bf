using System.Globalization;
using BranchBot.Core.Messaging;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>The core's messenger port over WeChat customer-service messages; a long text goes out in parts (<see cref="WeChatTextLimits"/>).</summary>
public sealed class WeChatMessenger(WeChatApiClient api) : IMessenger
{
    public async Task<DeliveryResult> SendTextAsync(string openId, string text, CancellationToken cancellationToken)
    {
        var result = DeliveryResult.Ok;
        foreach (var part in WeChatTextLimits.Messages(text))
        {
            var sent = await api.SendCustomTextAsync(openId, part, cancellationToken);
            if (!sent.Ok)
            {
                return DeliveryResult.Failed(sent.ErrCode.ToString(CultureInfo.InvariantCulture), sent.ErrMsg,
                    sent.Kind is ApiErrorKind.Transient or ApiErrorKind.Network or ApiErrorKind.CircuitOpen or ApiErrorKind.RateLimited);
            }
        }

        return result;
    }
}
