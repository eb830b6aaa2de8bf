using BranchBot.Bot.Hosting;

namespace BranchBot.Bot.Menu;

internal static class MenuRegistration
{
    /// <summary>The menu file, its publishing and, with the WeChat API configured, the tag sync that picks the secretaries' menu.</summary>
    public static WebApplicationBuilder AddBotMenu(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MenuOptions>(MenuOptions.Section);
        builder.Services.AddSingleton<MenuCatalog>();
        builder.Services.AddSingleton<MenuPublishing>();
        builder.Services.AddSingleton<MenuTagSync>();
        var menu = builder.Configuration.GetSection(MenuOptions.Section).Get<MenuOptions>() ?? new MenuOptions();
        if (menu.RunTagSync && !string.IsNullOrWhiteSpace(builder.Configuration["WeChat:AppSecret"]))
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<MenuTagSync>());
        }

        return builder;
    }
}
