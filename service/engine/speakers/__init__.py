"""From a quote's source mention to a Speaker: names, pronouns and descriptions resolved by
salience, roles chosen from what the article states."""
