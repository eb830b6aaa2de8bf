using BranchBot.Adapters.WeChat.Protocol;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat;

/// <summary>Fills the local-trial identity when the account is not configured at all.</summary>
public sealed class WeChatOptionsDefaults : IPostConfigureOptions<WeChatOptions>
{
    public void PostConfigure(string? name, WeChatOptions options) => Apply(options);

    /// <summary>Applies the local-trial identity if none of the account settings is configured.</summary>
    public static void Apply(WeChatOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AppId) && string.IsNullOrWhiteSpace(options.AppSecret) &&
            string.IsNullOrWhiteSpace(options.Token) && string.IsNullOrWhiteSpace(options.EncodingAESKey))
        {
            options.AppId = WeChatOptions.LocalTrial.AppId;
            options.Token = WeChatOptions.LocalTrial.Token;
            options.EncodingAESKey = WeChatOptions.LocalTrial.EncodingAESKey;
        }
    }
}

/// <summary>Start-up checks with messages that say which setting is wrong and how to fix it.</summary>
internal sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.AppId) || o.AppId.Length > 32 || !o.AppId.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("WeChat:AppId is required: the account's AppID (wx…), letters and digits only.");
        }

        if (o.Token is not { Length: >= 3 and <= 32 } || !o.Token.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("WeChat:Token is required: 3 to 32 letters or digits, the same as in the MP console's server configuration.");
        }

        if (o.EncodingAESKey.Length > 0 && MessageCrypt.DecodeKey(o.EncodingAESKey) is null)
        {
            errors.Add($"WeChat:EncodingAESKey must be exactly 43 letters or digits (it has {o.EncodingAESKey.Length} characters).");
        }

        if (o.RequireEncryption == true && o.EncodingAESKey.Length == 0)
        {
            errors.Add("WeChat:RequireEncryption is on but WeChat:EncodingAESKey is empty.");
        }

        if (o.AppSecret.Any(char.IsWhiteSpace))
        {
            errors.Add("WeChat:AppSecret must not contain spaces.");
        }

        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            errors.Add("WeChat:ApiBaseUrl must be an absolute http(s) address.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
