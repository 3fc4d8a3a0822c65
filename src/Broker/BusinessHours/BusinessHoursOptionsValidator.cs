using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.BusinessHours;

/// <summary>
/// Start-up check of <c>CustomerChat:BusinessHours</c>: an unknown time zone, a malformed weekday, range or
/// holiday stops the start-up with every problem named (see <see cref="BusinessHoursSchedule.Parse"/>).
/// </summary>
public sealed class BusinessHoursOptionsValidator : IValidateOptions<BusinessHoursOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BusinessHoursOptions options)
    {
        var errors = new List<string>();
        return BusinessHoursSchedule.Parse(options, errors) is null
            ? ValidateOptionsResult.Fail(errors)
            : ValidateOptionsResult.Success;
    }
}
