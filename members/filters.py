"""Facets that describe a place (country, state, size, rural or urban), shared by the
municipality and project lists."""

from members.models import Municipality, country_name


class PlaceFacetCounts:
    """Counts of the facets that describe a place (country, state, size, rural or urban),
    read through the paths in the filter set's `facet_values`: a municipality's own fields,
    or its projects' lead municipality's."""

    def count_country(self, rows, selected, limit):
        counted = self.value_counts(rows, self.facet_values["country"], selected, limit)
        return [(code, country_name(code), count) for code, _code, count in counted]

    def option_label(self, name, value):
        if name == "country":
            return country_name(value)
        return super().option_label(name, value)

    def count_state(self, rows, selected, limit):
        return self.value_counts(rows, self.facet_values["state"], selected, limit)

    def count_population_class(self, rows, selected, limit):
        path = self.facet_values["population_class"]
        return self.choice_counts(rows, path, Municipality.PopulationClass.choices, selected)

    def count_settlement_type(self, rows, selected, limit):
        path = self.facet_values["settlement_type"]
        return self.choice_counts(rows, path, Municipality.SettlementType.choices, selected)
