using BranchBot.Adapters.Sms.Aliyun;
using BranchBot.Adapters.Sms.Tencent;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// SMS: options from the <c>Sms</c> section (validated at start-up) and the <see cref="ISmsSender"/> of the selected
    /// provider as a singleton, with its own resilience pipeline and rate limiter. Uses the registered <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddSms(this IServiceCollection services)
    {
        services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(AliyunSmsSender.ClientName);
        services.AddHttpClient(TencentSmsSender.ClientName);
        services.AddSingleton<LogSmsSender>();
        services.AddSingleton<AliyunSmsSender>();
        services.AddSingleton<TencentSmsSender>();
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Provider.Trim().ToLowerInvariant() switch
        {
            SmsOptions.AliyunProvider => sp.GetRequiredService<AliyunSmsSender>(),
            SmsOptions.TencentProvider => sp.GetRequiredService<TencentSmsSender>(),
            _ => sp.GetRequiredService<LogSmsSender>(),
        });
        return services;
    }
}
