using System.Globalization;
using System.Text.RegularExpressions;
using BranchBot.Adapters.WeChat.Templates;
using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// Notices as WeChat template messages or subscribe messages (Reminders:TemplateApi), each field written as its
/// keyword's type requires (<see cref="KeywordValues"/>).
/// </summary>
public sealed partial class WeChatTemplateNotifier(WeChatApiClient api, RemindersOptions options) : ITemplateNotifier
{
    /// <summary>WeChat's "argument invalid! data.time2.value invalid" and the like.</summary>
    public const int InvalidData = 47003;

    public bool Enabled => !string.IsNullOrWhiteSpace(options.TemplateId);

    public async Task<NoticeResult> SendAsync(TemplateNotice notice, CancellationToken cancellationToken)
    {
        var data = Fields(options.EffectiveTemplateFields, notice.Values);
        var message = new TemplateMessage(notice.OpenId, options.TemplateId, notice.ClientMsgId, data, notice.Url);
        var result = options.TemplateApi == "subscribe"
            ? await api.SendSubscribeAsync(message, cancellationToken)
            : await api.SendTemplateAsync(message, cancellationToken);
        var code = result.ErrCode.ToString(CultureInfo.InvariantCulture);
        if (result.ErrCode == InvalidData)
        {
            return new NoticeResult(NoticeStatus.Failed, code, result.ErrMsg, Misconfigured: true, Field: FieldIn(result.ErrMsg));
        }

        return result.Kind switch
        {
            ApiErrorKind.None => new NoticeResult(NoticeStatus.Sent, code),
            ApiErrorKind.RecipientUnreachable => new NoticeResult(NoticeStatus.Unreachable, code, result.ErrMsg),
            ApiErrorKind.Transient or ApiErrorKind.Network or ApiErrorKind.CircuitOpen or ApiErrorKind.RateLimited or ApiErrorKind.TokenInvalid
                => new NoticeResult(NoticeStatus.Retry, code, result.ErrMsg),
            _ => new NoticeResult(NoticeStatus.Failed, code, result.ErrMsg, Misconfigured: result.ErrCode is 40037 or 40036),
        };
    }

    /// <summary>Every configured field, rendered for its keyword's type.</summary>
    public static List<KeyValuePair<string, string>> Fields(IReadOnlyDictionary<string, string> mapping, IReadOnlyDictionary<string, NoticeValue> values) =>
        mapping.Select(f => new KeyValuePair<string, string>(f.Key, KeywordValues.Render(KeywordTypes.Of(f.Key) ?? KeywordType.Legacy, f.Value, values))).ToList();

    private static string? FieldIn(string errMsg) => DataField().Match(errMsg) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"data\.([A-Za-z_]+\d*)")]
    private static partial Regex DataField();
}
