using Microsoft.Extensions.DependencyInjection.Extensions;
using CustomerChat.Broker.Departments;

namespace CustomerChat.Broker.Widget;

/// <summary>Registers the website widget's services (docs/protocol.md §18).</summary>
public static class WidgetServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>CustomerChat:Widget</c> and <c>CustomerChat:Departments</c> (checked at start-up), registers
    /// <see cref="DepartmentDirectory"/>, <see cref="WidgetFraming"/> and, unless one is registered already,
    /// the default <see cref="IAgentAvailability"/> (<see cref="AssumeAgentsAvailable"/>). Needs
    /// <c>AddBusinessHours</c> for the calendar.
    /// </summary>
    public static IServiceCollection AddWidget(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WidgetOptions>().Bind(configuration.GetSection(WidgetOptions.SectionName)).ValidateOnStart();

        // Built now, so a bad department list stops the start-up rather than the first request.
        services.AddSingleton(DepartmentDirectory.FromConfiguration(configuration));
        services.AddSingleton<WidgetFraming>();
        services.TryAddSingleton<IAgentAvailability, AssumeAgentsAvailable>();
        return services;
    }
}
