using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.BusinessHours;

/// <summary>Registers the business-hours calendar (docs/protocol.md §18 "Business hours").</summary>
public static class BusinessHoursServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>CustomerChat:BusinessHours</c>, validates it at start-up and registers a singleton
    /// <see cref="BusinessHoursCalendar"/> on the registered <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddBusinessHours(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BusinessHoursOptions>()
            .Bind(configuration.GetSection(BusinessHoursOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BusinessHoursOptions>, BusinessHoursOptionsValidator>();
        services.AddSingleton(sp => BusinessHoursCalendar.FromOptions(
            sp.GetRequiredService<IOptions<BusinessHoursOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
