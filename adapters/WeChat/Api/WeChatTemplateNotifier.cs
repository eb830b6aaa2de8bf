using System.Globalization;
using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>Reminders as WeChat template messages, fields filled from <see cref="RemindersOptions.TemplateFields"/>.</summary>
public sealed class WeChatTemplateNotifier(WeChatApiClient api, RemindersOptions options) : ITemplateNotifier
{
    public bool Enabled => !string.IsNullOrWhiteSpace(options.TemplateId);

    public async Task<NoticeResult> SendAsync(TemplateNotice notice, CancellationToken cancellationToken)
    {
        var data = options.TemplateFields
            .Select(f => new KeyValuePair<string, string>(f.Key, Fill(f.Value, notice.Values)))
            .ToList();
        var result = await api.SendTemplateAsync(new TemplateMessage(notice.OpenId, options.TemplateId, notice.ClientMsgId, data), cancellationToken);
        var code = result.ErrCode.ToString(CultureInfo.InvariantCulture);
        return result.Kind switch
        {
            ApiErrorKind.None => new NoticeResult(NoticeStatus.Sent, code),
            ApiErrorKind.RecipientUnreachable => new NoticeResult(NoticeStatus.Unreachable, code, result.ErrMsg),
            ApiErrorKind.Transient or ApiErrorKind.Network or ApiErrorKind.CircuitOpen or ApiErrorKind.RateLimited or ApiErrorKind.TokenInvalid
                => new NoticeResult(NoticeStatus.Retry, code, result.ErrMsg),
            _ => new NoticeResult(NoticeStatus.Failed, code, result.ErrMsg),
        };
    }

    private static string Fill(string pattern, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(pattern, (text, value) => text.Replace("{" + value.Key + "}", value.Value, StringComparison.Ordinal));
}
