package org.gridwatch.feature;

import org.springframework.data.jpa.repository.JpaRepository;

interface Features extends JpaRepository<Feature, Long> {
}
