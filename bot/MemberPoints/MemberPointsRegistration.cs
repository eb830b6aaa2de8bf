using BranchBot.Bot.Hosting;
using BranchBot.Core.Conversations;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Meetings;
using BranchBot.Core.Talks;

namespace BranchBot.Bot.MemberPoints;

internal static class MemberPointsRegistration
{
    /// <summary>党员积分 (rules validated at start-up), 补学 confirmation, 志愿服务 and 谈心谈话 in chat.</summary>
    public static WebApplicationBuilder AddBotMemberPoints(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MemberPointsOptions>(MemberPointsOptions.Section);
        services.AddSingleton<MemberPointsRecorder>();
        services.AddSingleton<MemberPointsLedger>();
        services.AddSingleton<MakeUpService>();
        services.AddSingleton<TalkService>();
        services.AddSingleton<DemoMemberPoints>();
        services.AddSingleton<IConversationFeature, VolunteerFeature>();
        services.AddSingleton<IConversationFeature, TalkFeature>();
        return builder;
    }
}
