using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BranchBot.Bot.Admin;

/// <summary>
/// The admin API's OpenAPI document, served at <c>/openapi/v1.json</c> and checked in as <c>docs/openapi.v1.json</c>
/// (a test fails when one changes without the other).
/// </summary>
internal static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/{documentName}.json";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = "BranchBot admin API", Version = Name };

            // Build-independent: the document must not change with the address the bot happens to run on.
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from Admin:ApiKeys, or a session token from POST /api/session.",
            };
            return Task.CompletedTask;
        });
    }
}
