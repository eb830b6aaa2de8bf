using System.Collections.Frozen;
using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.Sms;

/// <summary>
/// What both providers check before any call: the template is configured and the phone is a mainland mobile; and the
/// parameters, fitted to the provider's per-parameter limit (<paramref name="maxParameterLength"/>, 0 for none).
/// </summary>
internal sealed class SmsMessageCheck(IReadOnlyDictionary<string, string> templates, int maxParameterLength)
{
    private readonly FrozenDictionary<string, string> _templates = templates.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Null when the message can go out (with the provider's template, the 11-digit number and the fitted
    /// parameters), else why not.
    /// </summary>
    public SmsResult? Check(SmsMessage message, out string templateCode, out string nationalNumber, out IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        templateCode = string.Empty;
        nationalNumber = string.Empty;
        parameters = [];
        if (!_templates.TryGetValue(message.Template, out var code))
        {
            return SmsResult.Refused("TemplateNotConfigured", $"no Sms:Templates:{message.Template} entry maps this template to the provider's");
        }

        if (!PhoneNumber.TryNormalise(message.Phone, out var national))
        {
            return SmsResult.Failed("InvalidPhone", $"{PhoneNumber.Mask(message.Phone)} is not a mainland China mobile number", false);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in message.Parameters)
        {
            if (!names.Add(name))
            {
                return SmsResult.Failed("InvalidParameters", $"template parameter \"{name}\" is given twice", false);
            }
        }

        templateCode = code;
        nationalNumber = national;
        parameters = message.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, SmsParameterText.Fit(p.Value, maxParameterLength))).ToList();
        return null;
    }
}
