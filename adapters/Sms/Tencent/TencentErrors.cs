namespace BranchBot.Adapters.Sms.Tencent;

/// <summary>What a Tencent Cloud SMS error code (request-level or per number) means for retrying.</summary>
internal static class TencentErrors
{
    public static SmsAttempt Classify(string code, string message)
    {
        var text = PhoneNumber.Redact(message);
        switch (code)
        {
            case "LimitExceeded.PhoneNumberThirtySecondLimit":
                // One identical text per number per 30 s: hitting it means an identical text just went out, possibly an
                // earlier attempt of this very delivery, so sending again could duplicate.
                return SmsAttempt.Final(code, $"an identical text reached this number within 30 s (perhaps an earlier attempt); not retried: {text}");
            case "LimitExceeded.PhoneNumberDailyLimit" or "LimitExceeded.PhoneNumberSameContentDailyLimit":
                return SmsAttempt.Final(code, $"per-number daily limit reached; not retryable today: {text}");
            case "LimitExceeded.PhoneNumberOneHourLimit" or "LimitExceeded.DeliveryFrequencyLimit":
                return SmsAttempt.Later(code, $"per-number frequency limit reached; retry later, not now: {text}");
            case "InternalError.SigVerificationFail" or "InternalError.SigFieldMissing" or "InternalError.RestApiInterfaceNotExist"
                or "InternalError.RequestTimeException" or "InternalError.ParseBackendResponseFail":
                return SmsAttempt.Final(code, text.Length == 0 ? code : text);
        }

        if (code is "InvalidParameterValue.TemplateParameterLengthLimit" or "InvalidParameterValue.TemplateParameterFormatError"
            or "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter" or "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
            or "FailedOperation.TemplateIncorrectOrUnapproved" or "FailedOperation.SignatureIncorrectOrUnapproved"
           )
        {
            return SmsAttempt.Misconfigured(code, $"the template, signature or a template parameter does not fit the approved template: {text}");
        }

        if (code.StartsWith("InternalError", StringComparison.Ordinal) || code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal)
            || code is "ResourceUnavailable" or "ServiceUnavailable")
        {
            return SmsAttempt.Transient(code, $"Tencent Cloud refused the call for now: {text}");
        }

        // LimitExceeded (account quotas), FailedOperation, InvalidParameter*, AuthFailure*, UnauthorizedOperation*: final.
        return SmsAttempt.Final(code, text.Length == 0 ? code : text);
    }
}
