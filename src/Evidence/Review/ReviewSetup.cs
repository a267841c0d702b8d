using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Evidence.Review;

/// <summary>The review workspace's API: search, bookmarks, timeline and case work.</summary>
internal static class ReviewSetup
{
    public static void AddReview(this IServiceCollection services)
    {
        services.AddSingleton<RecordingSearch>();
        services.AddSingleton<Bookmarks>();
        services.AddSingleton<TimelineQuery>();
        services.AddSingleton<CaseWork>();
    }

    public static void MapReview(this IEndpointRouteBuilder app)
    {
        app.MapRecordingSearch();
        app.MapBookmarks();
        app.MapTimeline();
        app.MapCaseWork();
    }
}
