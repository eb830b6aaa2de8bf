using BranchBot.Bot.Hosting;
using BranchBot.Adapters.Files;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Sms;
using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Core.Conversations;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.Options;
using BranchBot.Bot.Reminders;

namespace BranchBot.Bot.Meetings;

internal static class MeetingsRegistration
{
    /// <summary>Meetings, attendance, reminders (template message, then SMS), compliance warnings, the photo archive and their workers.</summary>
    public static WebApplicationBuilder AddBotMeetings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MeetingsOptions>(MeetingsOptions.Section);
        services.AddValidatedOptions<RemindersOptions>(RemindersOptions.Section);
        services.AddValidatedOptions<ComplianceOptions>(ComplianceOptions.Section);
        services.AddValidatedOptions<PhotosOptions>(PhotosOptions.Section);
        services.AddSms();
        services.AddFilePhotoArchive();

        services.AddSingleton<ReminderPlanner>();
        services.AddSingleton<MeetingScheduler>();
        services.AddSingleton<AttendanceService>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddSingleton<ComplianceMonitor>();
        services.AddSingleton<AttendanceReports>();
        services.AddSingleton<MeetingRecordService>();
        services.AddSingleton<MeetingRecordSheets>();
        services.AddSingleton<DemoRecords>();
        services.AddSingleton<IConversationFeature, MeetingRecordFeature>();
        services.AddSingleton<IConversationFeature, MeetingsFeature>();
        services.AddSingleton<IConversationFeature, MakeUpFeature>();
        services.AddSingleton<CheckInByScanOrLocation>();
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<CheckInByScanOrLocation>());
        services.AddSingleton<IFallbackHandler>(sp => sp.GetRequiredService<CheckInByScanOrLocation>());
        services.AddSingleton<PhotoArchiver>();
        services.AddSingleton<MeetingPhotos>();
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<MeetingPhotos>());
        services.AddSingleton<IFallbackHandler>(sp => sp.GetRequiredService<MeetingPhotos>());

        // With an AppSecret, notices and QR codes come from WeChat; without one, the local outbox and a stand-in.
        services.AddSingleton<WeChatTemplateNotifier>();
        services.AddSingleton<LocalTemplateNotifier>();
        services.AddSingleton<WeChatQrCodes>();
        services.AddSingleton<LocalQrCodes>();
        services.AddSingleton<WeChatPhotoSource>();
        services.AddSingleton<LocalPhotoSource>();
        services.AddSingleton<ITemplateNotifier>(sp => UsesApi(sp) ? sp.GetRequiredService<WeChatTemplateNotifier>() : sp.GetRequiredService<LocalTemplateNotifier>());
        services.AddSingleton<IQrCodes>(sp => UsesApi(sp) ? sp.GetRequiredService<WeChatQrCodes>() : sp.GetRequiredService<LocalQrCodes>());
        services.AddSingleton<IPhotoSource>(sp => UsesApi(sp) ? sp.GetRequiredService<WeChatPhotoSource>() : sp.GetRequiredService<LocalPhotoSource>());

        var workers = builder.Configuration.GetSection(RemindersOptions.Section).Get<RemindersOptions>()?.RunWorkers ?? true;
        if (workers)
        {
            services.AddHostedService<ReminderWorker>();
            services.AddHostedService<AttendanceCloser>();
            services.AddHostedService<ComplianceWorker>();
        }

        if (builder.Configuration.GetSection(PhotosOptions.Section).Get<PhotosOptions>()?.RunWorker ?? true)
        {
            services.AddHostedService<PhotoArchiveWorker>();
        }

        return builder;
    }

    private static bool UsesApi(IServiceProvider sp) => sp.GetRequiredService<IOptions<WeChatOptions>>().Value.UsesApi;

}
