using System.Net;

namespace BranchBot.Adapters.Sms.Aliyun;

/// <summary>What an Aliyun SendSms <c>Code</c> means for retrying.</summary>
internal static class AliyunErrors
{
    public static SmsAttempt Classify(HttpStatusCode status, string code, string message)
    {
        var text = PhoneNumber.Redact(message);
        if (code == "isv.BUSINESS_LIMIT_CONTROL")
        {
            // The per-number flow control: "触发分钟级流控" / "触发小时级流控" / "触发天级流控" (minute, hour, day).
            return text.Contains("天级", StringComparison.Ordinal) || text.Contains("day", StringComparison.OrdinalIgnoreCase)
                ? SmsAttempt.Final(code, $"per-number daily limit reached (about 50 notifications a day per number, sign and template); not retryable today: {text}")
                : SmsAttempt.Later(code, $"per-number minute/hour limit reached; retry later, not now: {text}");
        }

        if (code is "isv.DAY_LIMIT_CONTROL" or "isv.MONTH_LIMIT_CONTROL")
        {
            return SmsAttempt.Final(code, $"the account's daily or monthly send quota (set in the console) is used up: {text}");
        }

        if (code.StartsWith("Throttling", StringComparison.Ordinal))
        {
            return SmsAttempt.Transient(code, $"the API call was throttled before sending: {text}");
        }

        if (code is "isp.SYSTEM_ERROR" or "isp.GATEWAY_ERROR" or "ServiceUnavailable" or "InternalError" or "UnknownError"
            || status >= HttpStatusCode.InternalServerError)
        {
            return SmsAttempt.Transient(code, $"Aliyun system error: {text}");
        }

        if (code is "isv.PARAM_LENGTH_LIMIT" or "isv.INVALID_PARAMETERS" or "isv.INVALID_JSON_PARAM" or "isv.TEMPLATE_MISSING_PARAMETERS"
            or "isv.TEMPLATE_PARAMS_ILLEGAL" or "isv.SMS_TEMPLATE_ILLEGAL" or "isv.SMS_SIGNATURE_ILLEGAL" or "isv.SMS_SIGN_ILLEGAL"
            or "isv.PARAM_NOT_SUPPORT_URL")
        {
            return SmsAttempt.Misconfigured(code, $"the template, signature or a template parameter does not fit the approved template: {text}");
        }

        // Invalid phone, signature or key problems, balance: retrying cannot help.
        return SmsAttempt.Final(code, text.Length == 0 ? code : text);
    }
}
