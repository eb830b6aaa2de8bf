using BranchBot.Core.Meetings;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Adapters.Files;

public static class FilesServiceCollectionExtensions
{
    /// <summary>The meeting photo archive in a folder (<c>Photos:Folder</c>), its options validated at start-up.</summary>
    public static IServiceCollection AddFilePhotoArchive(this IServiceCollection services)
    {
        services.AddOptions<FilePhotoArchiveOptions>()
            .BindConfiguration(FilePhotoArchiveOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPhotoArchive, FilePhotoArchive>();
        return services;
    }
}
