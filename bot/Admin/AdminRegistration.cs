using BranchBot.Bot.Hosting;
using BranchBot.Core.Accounts;
using BranchBot.Bot.Accounts;
using BranchBot.Bot.Audit;
using BranchBot.Bot.Meetings;
using BranchBot.Bot.Competitions;
using BranchBot.Bot.MemberPoints;
using BranchBot.Bot.Members;
using BranchBot.Bot.Menu;
using BranchBot.Bot.Study;
using BranchBot.Bot.Talks;
using BranchBot.Bot.Reminders;
using BranchBot.Bot.Ratings;
using BranchBot.Bot.Bulletins;

namespace BranchBot.Bot.Admin;

internal static class AdminRegistration
{
    public static WebApplicationBuilder AddBotAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        builder.Services.AddValidatedOptions<ConsoleOptions>(ConsoleOptions.Section);
        builder.Services.AddSingleton<SignInLinks>();
        builder.Services.AddSingleton(_ => new SignInLinkOutput(Console.Out));
        builder.Services.AddHostedService<SignInLinkAnnouncer>();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddSingleton<ConsoleKeys>();
        builder.Services.AddApiAuthorization();
        builder.Services.AddSingleton<AuditFilter>();
        builder.Services.AddSingleton<IdempotencyFilter>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Fill);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ApiProblems.Json.Encoder);

        // Binding failures reach ApiExceptionHandler, which names the field, instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
        builder.Services.AddConsoleData();
        return builder;
    }

    /// <summary>Problems for every failure under <c>/api</c>: exceptions, and empty 4xx answers from the framework.</summary>
    public static IApplicationBuilder UseAdminApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler().UseStatusCodePages());

    /// <summary>After routing: the route's body limit is set; a body under an <c>Idempotency-Key</c> is kept for its fingerprint.</summary>
    public static IApplicationBuilder UseAdminApi(this IApplicationBuilder app)
    {
        IdempotencyFilter.UseIdempotentBodies(app);
        return app.UseAuthentication().UseAuthorization();
    }

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        // Authorisation by policy first, then the audit of what the authenticated caller changed, then at-most-once
        // POSTs; then, per endpoint, the branch named in the request, then its fields.
        var api = app.MapGroup("/api")
            .RequireAuthorization(ApiPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AddEndpointFilter<AuditFilter>()
            .AddEndpointFilter<IdempotencyFilter>()
            .AddEndpointFilterFactory(ApiFilters.BranchScope)
            .AddEndpointFilterFactory(ApiFilters.Validation);
        api.MapSessionEndpoints();
        api.MapAccountEndpoints();
        api.MapAuditEndpoints();
        api.MapMeetingEndpoints();
        api.MapMeetingPhotoEndpoints();
        api.MapMeetingRecordEndpoints();
        api.MapMakeUpEndpoints();
        api.MapMemberPointsEndpoints();
        api.MapTalkEndpoints();
        api.MapCompetitionEndpoints();
        api.MapMenuEndpoints();
        api.MapRatingEndpoints();
        api.MapBulletinEndpoints();
        api.MapConsoleData();

        // Any path, file-like ones (x.csv) included: an /api answer is always JSON.
        api.MapFallback("{*path}", () => ApiProblems.NotFound("没有这个接口")).ExcludeFromDescription();
        app.MapOpenApi(ApiDocument.Path).AllowAnonymous();
        return app;
    }
}
